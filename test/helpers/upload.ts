/** PUTs a body to a pre-signed URL as curl -T does, with the header Cognito's URLs sign. */
export async function uploadCsv(url: string, body: string | Buffer, headers: Record<string, string> = { 'x-amz-server-side-encryption': 'aws:kms' }): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { method: 'PUT', body, headers });
  return { status: r.status, text: await r.text() };
}
