import { signLocalToken } from "../functions/http/auth";
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localSecret } from "./local-config";

// npm run token -- countyAdmin | npm run token -- agencyEditor <agencyId>
const [role, agencyId] = process.argv.slice(2);
const usage = "用法：npm run token -- countyAdmin\n      npm run token -- agencyEditor <agencyId>";

if (role !== "countyAdmin" && role !== "agencyEditor") {
  console.error(usage);
  process.exit(2);
}
if (role === "agencyEditor" && !agencyId) {
  console.error(`agencyEditor 需要机构标识。\n${usage}`);
  process.exit(2);
}
const options = { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, secret: localSecret() };
const token = await signLocalToken(role === "countyAdmin" ? { role } : { role, agencyId: agencyId! }, options);
console.log(token);
