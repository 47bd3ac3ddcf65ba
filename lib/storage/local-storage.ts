// Kept for imports written before the storage port: the local adapter and the port's chooser, under their old names.
export { LocalStorage } from "./local-adapter";
export { uploadsStorage } from "./index";
export { StorageLimitError, type LoupeStorage, type StoredObject } from "./storage-port";
