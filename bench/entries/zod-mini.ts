// Probe for the bundle benchmark: the same schema with zod/mini, zod 4's tree-shakable functional API.
import * as z from "zod/mini";

export const schema = z.strictObject({ name: z.string().check(z.maxLength(100)), count: z.int().check(z.minimum(0)) });
