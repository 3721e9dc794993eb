/**
 * The fake Graph over HTTPS (`fake.listen({ tls: true })`) and the self-signed certificate it
 * makes at start with Node's crypto: checked by Node's own X.509 parser and by real TLS clients.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import { get } from 'node:https';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/testing/certificate.js';
import { createFakeGraph, type FakeGraphServer } from '../../src/testing/index.js';

const servers: FakeGraphServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const HOUR = 3_600_000;

/** GETs `url` with a bearer token over HTTPS, trusting `ca`; resolves with the JSON body. */
function getJson(url: string, ca: string | undefined): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ca, headers: { authorization: 'Bearer t' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        resolve(JSON.parse(text) as Record<string, unknown>);
      });
    });
    request.on('error', reject);
  });
}

async function tlsServer(): Promise<FakeGraphServer> {
  const fake = createFakeGraph({ latencyMs: 0 });
  fake.seedProvisioningEvents(5);
  const server = await fake.listen({ tls: true });
  servers.push(server);
  return server;
}

describe('the self-signed certificate', () => {
  it('names 127.0.0.1 and localhost, is its own CA and is signed by its own key', () => {
    const { cert, key } = selfSignedCertificate();
    const x509 = new X509Certificate(cert);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('10.0.0.1')).toBeUndefined();
    expect(x509.ca).toBe(true);
    expect(x509.checkIssued(x509)).toBe(true);
    expect(x509.verify(createPublicKey(key))).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
  });

  it('is valid from an hour before its start to a week after', () => {
    const nowMs = Date.UTC(2026, 10, 23, 9, 0, 0);
    const x509 = new X509Certificate(selfSignedCertificate({ nowMs }).cert);
    expect(new Date(x509.validFrom).getTime()).toBe(nowMs - HOUR);
    expect(new Date(x509.validTo).getTime()).toBe(nowMs + 7 * 24 * HOUR);
  });

  it('writes GeneralizedTime for dates from 2050, as RFC 5280 asks', () => {
    const nowMs = Date.UTC(2049, 11, 31, 12, 0, 0);
    const x509 = new X509Certificate(selfSignedCertificate({ nowMs }).cert);
    expect(new Date(x509.validFrom).toISOString()).toBe('2049-12-31T11:00:00.000Z');
    expect(new Date(x509.validTo).toISOString()).toBe('2050-01-07T12:00:00.000Z');
  });

  it('gets a fresh key and a random positive serial number each time', () => {
    const [a, b] = [selfSignedCertificate(), selfSignedCertificate()];
    const [x, y] = [new X509Certificate(a.cert), new X509Certificate(b.cert)];
    expect(x.serialNumber).not.toBe(y.serialNumber);
    expect(x.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(x.verify(createPublicKey(b.key))).toBe(false);
  });
});

describe('fake.listen({ tls: true })', () => {
  it('serves HTTPS to a client that trusts its CA, with https nextLinks', async () => {
    const server = await tlsServer();
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.ca).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    const page = await getJson(`${server.url}/v1.0/auditLogs/provisioning?$top=2`, server.ca);
    expect(page['@odata.context']).toBe(`${server.url}/v1.0/$metadata#auditLogs/provisioning`);
    const nextLink = page['@odata.nextLink'] as string;
    expect(nextLink.startsWith(`${server.url}/v1.0/auditLogs/provisioning?`)).toBe(true);
    const second = await getJson(nextLink, server.ca);
    expect(second.value).toHaveLength(2);
  });

  it('is refused by a client that does not trust its certificate', async () => {
    const server = await tlsServer();
    const url = `${server.url}/v1.0/applicationTemplates`;
    await expect(getJson(url, undefined)).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    const error = await fetch(url, { headers: { authorization: 'Bearer t' } }).then(
      () => undefined,
      (e: unknown) => e as { cause?: { code?: string } },
    );
    expect(error?.cause?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('hands back the certificate and never the private key', async () => {
    const server = await tlsServer();
    const shown = `${JSON.stringify(server)}${inspect(server, { depth: 5, showHidden: true })}`;
    expect(shown).toContain('BEGIN CERTIFICATE');
    expect(shown).not.toMatch(/PRIVATE KEY/);
    expect(Object.keys(server).sort()).toEqual(['ca', 'close', 'url']);
  });

  it('keeps plain HTTP, with no certificate, unless asked', async () => {
    const server = await createFakeGraph({ latencyMs: 0 }).listen();
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.ca).toBeUndefined();
    expect('ca' in server).toBe(false);
  });
});
