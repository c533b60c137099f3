// The engine's reading of an uploaded CSV file: the pre-scan lives in the domain
// (src/domain/csvPrescan.ts), Buffer-free, because the web console runs it in the browser too.
export { concatBytes, LIMITS, prescanCsv, type Prescan } from '../domain/csvPrescan';
