import { DOCUMENT_RESPONSE_OVERHEAD_BYTES, MAX_DOCUMENT_REQUEST_BYTES } from './constants.js'
import { DocumentRequest, DocumentResponse } from './pb/documents.js'
import type { DocumentKind, VersionedDocument } from './kind.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * The fetch exchange of one document kind as data: the asker sends the
 * version it holds, the rendezvous answers with the current signed document
 * or NOT_MODIFIED.
 */
export function documentExchange (kind: Pick<DocumentKind<VersionedDocument>, 'name' | 'protocol' | 'maxBytes'>): RequestResponseProtocol<DocumentRequest, DocumentResponse> {
  return {
    id: kind.protocol,
    name: kind.name.replaceAll(' ', '-'),
    request: DocumentRequest,
    response: DocumentResponse,
    maxRequestBytes: MAX_DOCUMENT_REQUEST_BYTES,
    maxResponseBytes: kind.maxBytes + DOCUMENT_RESPONSE_OVERHEAD_BYTES,
    statuses: { OK: 'answer', NOT_MODIFIED: 'answer' }
  }
}
