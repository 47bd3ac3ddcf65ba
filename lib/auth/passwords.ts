import bcrypt from "bcryptjs";
import { badRequest } from "../errors";

const COST = 11;
export const MIN_PASSWORD_LENGTH = 10;

export function assertPasswordAcceptable(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw badRequest("weak_password", `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (password.length > 200) throw badRequest("weak_password", "The password must be at most 200 characters long.");
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
