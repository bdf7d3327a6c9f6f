export { defineKravkitOversikt } from './index.js';
