/**
 * `npm start`. The composed system (embedded PostgreSQL, SNS/SQS emulator, API and worker) is
 * built in the composition issue; until then this says so instead of pretending.
 */
process.stdout.write(
  [
    'hexabill: the composed API and worker are not built yet.',
    'What works today is the core library (@hexabill/core) and its in-memory fakes; run `npm test` to see it exercised.',
    '',
  ].join('\n'),
);
