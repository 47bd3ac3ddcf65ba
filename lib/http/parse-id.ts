import { z } from "zod";

export const uuidParam = z.object({ id: z.uuid({ message: "is not a valid batch id" }) });
export const imageIdParam = z.object({ id: z.string().regex(/^\d{1,18}$/, "is not a valid image id").transform((id) => BigInt(id)) });
export const outputIdParam = z.object({ id: z.string().regex(/^\d{1,18}$/, "is not a valid output id").transform((id) => BigInt(id)) });
export const taskIdParam = z.object({ id: z.uuid({ message: "is not a valid task id" }) });
