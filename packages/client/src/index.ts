export { MercadoPagoClient } from './client.ts';
export { RequestSender, path, buildUrl, type SendParams, type ApiResponse, type ResponseMeta, type HttpMethod, type QueryValue } from './request.ts';
export { Resource } from './resource.ts';
export { DEFAULT_BASE_URL, type ClientConfig, type RequestOptions, type ResolvedConfig } from './config.ts';
export type { Transport } from './transport/types.ts';
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './transport/undici.ts';
export {
  MercadoPagoError, BadRequestError, AuthenticationError, PermissionError, NotFoundError, ConflictError,
  IdempotencyError, LockedError, RateLimitError, ServerError, ConnectionError, TimeoutError,
  parseErrorBody, parseRetryAfter, type MpErrorCause, type MercadoPagoErrorInit,
} from './errors.ts';
export { SITES, getSite, isSiteId, type Site, type SiteId } from './sites.ts';
export {
  amount, toOrdersAmount, toLegacyAmount, fromOrdersAmount, fromLegacyAmount, parseDecimal, AmountError, type Amount,
} from './money.ts';
export {
  verifyWebhookSignature, verifyWebhookRequest, signWebhook, webhookManifest, parseSignatureHeader,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS, type WebhookVerification, type WebhookFailureReason, type VerifyWebhookParams,
  type SignWebhookParams, type HeaderBag,
} from './webhooks.ts';
export {
  parseNotification, type Notification, type WebhookNotification, type IpnNotification, type ResourceRef, type ResourceType,
} from './notifications.ts';
export { crc16, tlv, encodeTlv, decodeTlv, withCrc, hasValidCrc, decodeMpQr, type EmvField, type MpQr } from './qr/emvco.ts';
export { renderQrPng, renderQrSvg, renderQrTerminal, type RenderOptions } from './qr/render.ts';
export { generateCodeVerifier, codeChallenge, generatePkce, generateState, type Pkce, type CodeChallengeMethod } from './oauth/pkce.ts';
export {
  buildAuthorizationUrl, tokenExpiry, DEFAULT_AUTHORIZATION_URL, type AuthorizationUrlParams, type TokenExpiry, type TokenTimes,
} from './oauth/url.ts';
export { VERSION } from './version.ts';
