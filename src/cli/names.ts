// Model names -> command-line names, the way botocore's xform_name does it, so every flag and
// command is spelled as the aws CLI spells it (GetCSVHeader -> get-csv-header).

const SPECIAL_PLURAL = /[A-Z]{2,}s$/; // GatewayARNs -> gateway-arns
const FIRST_CAP = /(.)([A-Z][a-z]+)/g;
const END_CAP = /([a-z0-9])([A-Z])/g;

export function xformName(name: string, sep = '-'): string {
  if (name.includes(sep)) return name;
  let n = name;
  const special = SPECIAL_PLURAL.exec(n);
  if (special) n = `${n.slice(0, n.length - special[0].length)}${sep}${special[0].toLowerCase()}`;
  return n.replace(FIRST_CAP, `$1${sep}$2`).replace(END_CAP, `$1${sep}$2`).toLowerCase();
}
