// Row <-> domain mapping: shared with the PostgreSQL backend, see ../rows.ts.
export * from '../rows';
