export * from './catalogue';
export * from './machines';
export * from './contacts';
export * from './requests';
export * from './outbox';
export * from './inbox';
export * from './idempotency';
export * from './notifications';
