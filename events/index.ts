export * from './envelope';
export * from './registry';
export * from './contact-created';
export * from './request-created';
export * from './machine-created';
