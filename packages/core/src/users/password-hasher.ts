/** Port: one-way password hashing (argon2id or scrypt in adapters). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
