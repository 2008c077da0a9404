export * from './journal-record.js';
export * from './journal.js';
