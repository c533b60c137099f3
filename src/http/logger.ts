// The logger lives in src/logger.ts (the import engine's thread uses it and imports nothing from http/).
export * from '../logger';
