export * from './hexabill-stack.js';
export * from './hexabill-stack-props.js';
export * from './props-from-context.js';
export * from './stack-config-error.js';
export * from './stack-settings.js';
