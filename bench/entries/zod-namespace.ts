// Probe for the bundle benchmark: the same schema with `import * as z` (as functions/ imports zod).
import * as z from "zod";

export const schema = z.strictObject({ name: z.string().max(100), count: z.number().int().min(0) });
