// What `require('cognito-import')` / `import ... from 'cognito-import'` gives: the server for a
// user's own tests (src/embed.ts). The command line is bin/cognito-import.js.
export { startServer, type EmbeddedServer, type StartServerOptions, type OutboxEntry, type OutboxFilter } from './embed';
