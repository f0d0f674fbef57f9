// The runner's store is the database part's DatabaseStore; this path is kept for code that
// imported it from here.
export { DatabaseStore, type DatabaseStoreConfig } from "./database/evolution-store.js";
