/**
 * A self-signed X.509 v3 certificate for the fake Graph over HTTPS, made with Node's crypto alone:
 * no openssl binary, no network, no dependency. Loaded only by `listen({ tls: true })`.
 *
 * One certificate is both the server's and its own CA (basicConstraints CA:TRUE), so a client
 * trusts it with `NODE_EXTRA_CA_CERTS=<file>` or a `ca:` option. Encoding per RFC 5280 §4.1;
 * ecdsa-with-SHA256 per RFC 5758 §3.2 (the AlgorithmIdentifier has no parameters).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** The certificate (PEM, public) and its private key (never leaves the process). */
export interface SelfSigned {
  readonly cert: string;
  readonly key: KeyObject;
}

/** Options of {@link selfSignedCertificate}. */
export interface SelfSignedOptions {
  /** Start of the clock the validity is counted from. Default: `Date.now()`. */
  readonly nowMs?: number;
}

/** Valid from an hour ago (clocks drift) to a week ahead: long enough for any `fake serve`. */
const BACKDATE_MS = 3_600_000;
const LIFETIME_MS = 7 * 24 * 3_600_000;
const COMMON_NAME = 'entra-provisioning fake Graph';

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** One DER element: tag, definite length, contents (X.690 §8.1). */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), body]);
  const length: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) length.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | length.length, ...length]), body]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, ...items);
const set = (...items: Buffer[]): Buffer => tlv(0x31, ...items);
const octets = (value: Buffer): Buffer => tlv(0x04, value);
const bits = (value: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.from([unused]), value);
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const explicit = (n: number, item: Buffer): Buffer => tlv(0xa0 | n, item);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift(0x80 | (v & 0x7f));
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // 2026-11-23T09:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'; // 20261123090000Z
  const year = new Date(ms).getUTCFullYear();
  return year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'));
}

/** 16 random bytes, positive and minimally encoded (RFC 5280 §4.1.2.2: at most 20 octets). */
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return tlv(0x02, serial);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** The subjectPublicKey BIT STRING's contents, the input of the key identifier (§4.2.1.2 (1)). */
function publicKeyBits(spki: Buffer): Buffer {
  // An EC P-256 SubjectPublicKeyInfo ends with its 65-byte uncompressed point.
  return spki.subarray(spki.length - 65);
}

function extensions(spki: Buffer): Buffer {
  const loopback = Buffer.from([127, 0, 0, 1]);
  const keyId = createHash('sha1').update(publicKeyBits(spki)).digest();
  return explicit(
    3,
    sequence(
      extension(OID.basicConstraints, true, sequence(bool(true))),
      // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, the last 2 bits unused.
      extension(OID.keyUsage, true, bits(Buffer.from([0x84]), 2)),
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.subjectKeyIdentifier, false, octets(keyId)),
      // dNSName [2] and iPAddress [7], both IMPLICIT (§4.2.1.6).
      extension(
        OID.subjectAltName,
        false,
        sequence(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, loopback)),
      ),
    ),
  );
}

function pem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Makes a fresh P-256 key pair and a self-signed certificate for `127.0.0.1` and `localhost`,
 * valid from an hour before `nowMs` to a week after, usable as its own CA.
 *
 * @example
 * ```ts
 * const { cert, key } = selfSignedCertificate();
 * https.createServer({ cert, key: key.export({ type: 'pkcs8', format: 'pem' }) });
 * ```
 */
export function selfSignedCertificate(options: SelfSignedOptions = {}): SelfSigned {
  const nowMs = options.nowMs ?? Date.now();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const name = sequence(set(sequence(oid(OID.commonName), tlv(0x0c, Buffer.from(COMMON_NAME)))));
  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))), // v3
    serialNumber(),
    algorithm,
    name,
    sequence(time(nowMs - BACKDATE_MS), time(nowMs + LIFETIME_MS)),
    name,
    spki,
    extensions(spki),
  );
  // Node signs ECDSA as a DER Ecdsa-Sig-Value by default, which is what X.509 carries.
  const signature = sign('sha256', tbs, privateKey);
  return { cert: pem(sequence(tbs, algorithm, bits(signature))), key: privateKey };
}
