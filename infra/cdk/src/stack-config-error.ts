/**
 * The stack's settings cannot make a deployment: each problem names the prop (and context key of the
 * same name) at fault, so `cdk synth` stops with a message an operator can act on instead of a template
 * that deploys something unsafe or broken.
 */
export class StackConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`hexabill stack settings are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
    this.problems = problems;
  }
}
