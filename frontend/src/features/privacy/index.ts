// What privacy offers the other features (eslint.config.js: a feature is imported through
// its index, never file by file).
export { DeleteAccountSection } from "./DeleteAccountSection";
export { MyDataSection } from "./MyDataSection";
export { UserDataActions } from "./UserDataActions";
