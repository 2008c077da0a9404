export * from './assert-account.js';
