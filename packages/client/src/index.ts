export { MercadoPagoClient } from './client.ts';
export { RequestSender, path, buildUrl, type SendParams, type ApiResponse, type ResponseMeta, type HttpMethod, type QueryValue } from './request.ts';
export { Resource } from './resource.ts';
export { DEFAULT_BASE_URL, type ClientConfig, type RequestOptions, type ResolvedConfig, type AttemptInfo } from './config.ts';
export type { Transport } from './transport/types.ts';
export { createUndiciTransport, type UndiciTransport, type UndiciTransportOptions } from './transport/undici.ts';
export {
  MercadoPagoError, BadRequestError, AuthenticationError, PermissionError, NotFoundError, ConflictError,
  IdempotencyError, LockedError, RateLimitError, ServerError, ConnectionError, TimeoutError, OutcomeUnknownError,
  RefreshTokenRejectedError, OrderWaitTimeoutError, OAuthConnectError, parseErrorBody, parseRetryAfter, type MpErrorCause, type MercadoPagoErrorInit,
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
export { renderQrPdf, DEFAULT_PDF_CAPTION, type PdfOptions } from './qr/pdf.ts';
export { generateCodeVerifier, codeChallenge, generatePkce, generateState, type Pkce, type CodeChallengeMethod } from './oauth/pkce.ts';
export {
  buildAuthorizationUrl, tokenExpiry, DEFAULT_AUTHORIZATION_URL, type AuthorizationUrlParams, type TokenExpiry, type TokenTimes,
} from './oauth/url.ts';
export { listenForOAuthCallback, type OAuthCallbackServer, type OAuthCallbackOptions } from './oauth/callback.ts';
export { isoDurationMs, parseIsoDuration } from './duration.ts';
export {
  FINAL_ORDER_STATUSES, isFinalOrderStatus, type OrderWaitEvent, type WaitForOrderOptions,
} from './resources/order-wait.ts';
export { VERSION } from './version.ts';
export { TestUsers, type CreateTestUserOptions } from './resources/test-users.ts';
export { Users } from './resources/users.ts';
export { OAuth } from './resources/oauth.ts';
export { Stores } from './resources/stores.ts';
export { PointsOfSale } from './resources/pos.ts';
export { InstoreOrders, type PutInstoreOrderOptions } from './resources/instore-orders.ts';
export { Mpmobile, type MpmobileCreateOptions } from './resources/mpmobile.ts';
export { Orders } from './resources/orders.ts';
export { MerchantOrders } from './resources/merchant-orders.ts';
export { Payments, PaymentRefunds } from './resources/payments.ts';
export type { Open, Paging, SearchPage, PageParams } from './types/common.ts';
export type { CreateTestUserParams, TestUser, TestUserSearchResult, User } from './types/users.ts';
export type {
  AuthorizationUrlOptions, AuthorizationRequest, ExchangeCodeParams, RefreshParams, ClientCredentialsParams, TokenResponse, Token,
  ConnectSellerParams, ConnectedSeller,
} from './types/oauth.ts';
export type {
  Weekday, OpeningInterval, BusinessHours, StoreLocationInput, CreateStoreBody, UpdateStoreBody, Store, StoreSearchParams, DeletedStore,
} from './types/stores.ts';
export type { CreatePosBody, UpdatePosBody, PosQrLinks, Pos, PosListParams } from './types/pos.ts';
export type {
  AmountInput, InstoreItemInput, InstoreOrderInput, InstoreItem, InstoreOrderBody, InstoreOrder, InstoreQr, MpmobileItemInput,
  MpmobileOrderInput, MpmobileOrder,
} from './types/instore.ts';
export type {
  QrMode, OrderStatus, OrderStatusDetail, TransactionStatus, TransactionStatusDetail, RefundStatus as OrderRefundStatus, OrderItemInput,
  IntegrationData, CreateOrderInput, CreateOrderBody, CreateQrOrderParams, OrderPaymentMethod, OrderPayment, OrderRefund, OrderItem, Order,
  RefundOrderParams, OrderRefundResult,
} from './types/orders.ts';
export type {
  MerchantOrderStatus, MerchantOrderOrderStatus, MerchantOrderPayment, MerchantOrderItem, MerchantOrder, MerchantOrderSearchParams,
  MerchantOrderSearchResult,
} from './types/merchant-orders.ts';
export type {
  PaymentStatus, PaymentStatusDetail, RefundStatus as PaymentRefundStatus, PaymentRefund, Payment, PaymentDateField, PaymentSearchParams,
  PaymentSearchResult, CreatePaymentRefundParams,
} from './types/payments.ts';
export { lastResponse } from './resources/last-response.ts';
