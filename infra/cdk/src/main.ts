import { App } from 'aws-cdk-lib';
import { HexabillStack } from './hexabill-stack.js';

/** `npm run synth`: the stack for the image named by IMAGE (e.g. an ECR URI with a tag). */
const app = new App();
new HexabillStack(app, 'Hexabill', {
  image: process.env.IMAGE ?? 'hexabill:latest',
  messagingPrefix: process.env.MESSAGING_PREFIX ?? 'hexabill',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
