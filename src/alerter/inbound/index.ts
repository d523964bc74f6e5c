export * from './inbound-mail.js';
export * from './inbound-mail-server.js';
export * from './mail-to-incident.js';
export * from './tracking-number.js';
