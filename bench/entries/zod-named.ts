// Probe for the bundle benchmark: zod as `import { z } from "zod"`, which pulls in every locale.
import { z } from "zod";

export const schema = z.strictObject({ name: z.string().max(100), count: z.number().int().min(0) });
