import { App } from 'aws-cdk-lib';
import { HexabillStack } from './hexabill-stack.js';
import { propsFromContext } from './props-from-context.js';
import { StackConfigError } from './stack-config-error.js';

/**
 * The CDK app (`cdk.json`): one stack, `Hexabill`, configured by context (`-c key=value`, see the
 * README). A bad setting ends the process with the list of problems rather than a stack trace.
 */
const app = new App({ autoSynth: false });
try {
  new HexabillStack(app, 'Hexabill', {
    ...propsFromContext(app.node.getAllContext() as Record<string, unknown>, process.env),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  app.synth();
} catch (error) {
  if (!(error instanceof StackConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
