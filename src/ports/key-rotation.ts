/**
 * What the rotate job needs of IAM and Secrets Manager. Key material never crosses this port:
 * `mintKeyIntoSecret` creates the key and writes it to the secret inside the adapter and returns
 * only the key id, so no use case, renderer or log line can ever hold a secret access key.
 */
import type { KeyState } from '../core/lifecycle/key-rotation.js';

export interface RotationAccount {
  /** Key of the account in catalog/accounts.yaml; used in messages. */
  readonly key: string;
  readonly id: string;
  readonly region: string;
}

export interface MintedKey {
  readonly id: string;
  readonly createDate: string;
}

export interface KeyRotationPort {
  /** The user's access keys; an empty list when the user does not exist (yet). */
  listAccessKeys(account: RotationAccount, userName: string): Promise<KeyState[]>;
  /**
   * The access key id the secret's AWSCURRENT version holds, read from the version's id (see the
   * adapter) without reading the value; undefined when the current version was not written by
   * Gatehouse. Throws SecretMissingError when the secret does not exist.
   */
  currentKeyOfSecret(account: RotationAccount, secretName: string): Promise<string | undefined>;
  /**
   * Creates an access key for the user and stores it as the secret's AWSCURRENT version. If the
   * secret cannot be written, the new key is deleted again: a key that is stored nowhere is one
   * nobody can rotate.
   */
  mintKeyIntoSecret(account: RotationAccount, userName: string, secretName: string): Promise<MintedKey>;
  deactivateAccessKey(account: RotationAccount, userName: string, keyId: string): Promise<void>;
  deleteAccessKey(account: RotationAccount, userName: string, keyId: string): Promise<void>;
  /** Releases the clients (keep-alive sockets) once the run is over. */
  close(): void;
}

/** The access-key secret is not there: Terraform creates it, so the account's apply has not run. */
export class SecretMissingError extends Error {
  override readonly name = 'SecretMissingError';
}
