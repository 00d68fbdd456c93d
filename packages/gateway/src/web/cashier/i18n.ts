// The cashier page's words in Spanish, Portuguese and English, and how each currency is written at the counter.
// The language follows the seller's site (Brazil: Portuguese; the other sites: Spanish) until the cashier picks
// another with the switch. Both tables go to the browser as JSON inside the page: the client script has no
// strings of its own.

export type Lang = 'es' | 'pt' | 'en';
export const LANGS: readonly Lang[] = ['es', 'pt', 'en'];

export const langOfSite = (site: string): Lang => (site === 'MLB' ? 'pt' : 'es');

/** How an amount is shown: `$ 1.234,56` (ARS), `R$ 1.234,56` (BRL), `$1,234.56` (MXN), `$ 1.234` (CLP, COP). */
export interface MoneyFormat { symbol: string; thousands: string; decimal: string; decimals: number }
export const MONEY: Readonly<Record<string, MoneyFormat>> = {
  ARS: { symbol: '$ ', thousands: '.', decimal: ',', decimals: 2 },
  BRL: { symbol: 'R$ ', thousands: '.', decimal: ',', decimals: 2 },
  MXN: { symbol: '$', thousands: ',', decimal: '.', decimals: 2 },
  CLP: { symbol: '$ ', thousands: '.', decimal: ',', decimals: 0 },
  COP: { symbol: '$ ', thousands: '.', decimal: ',', decimals: 0 },
  PEN: { symbol: 'S/ ', thousands: ',', decimal: '.', decimals: 2 },
  UYU: { symbol: '$ ', thousands: '.', decimal: ',', decimals: 2 },
};

const es = {
  title: 'Caja', language: 'Idioma', pair_title: 'Vincular esta caja', pair_help: 'Escribí el código de vinculación que te dio el administrador, o pegá la clave del dispositivo.',
  pair_label: 'Código de vinculación o clave del dispositivo', pair_button: 'Vincular', pair_failed: 'No se pudo vincular: {reason}',
  unpair: 'Desvincular', amount: 'Monto', description: 'Descripción (opcional)', charge: 'Cobrar', clear: 'Borrar todo', backspace: 'Borrar el último dígito',
  creating: 'Creando el cobro…', create_failed: 'No se pudo crear el cobro: {reason}', retry: 'Reintentar', scan: 'Escaneá el QR con la app de Mercado Pago',
  qr_alt: 'Código QR para pagar {amount}', expires_in: 'Vence en {time}', expiring: 'Venciendo…', waiting: 'Esperando el pago',
  paying: 'El comprador está pagando…', rejected: 'Tarjeta rechazada, el comprador puede intentar de nuevo', reconnecting: 'Reconectando…',
  review: 'Pago en revisión: {reason}', cancel: 'Cancelar cobro', canceling: 'Cancelando…', buyer_paying: 'El comprador está pagando: no se puede cancelar ahora',
  approved: 'Pago aprobado', expired: 'El cobro venció', canceled: 'Cobro cancelado', failed: 'Mercado Pago rechazó el cobro', refunded: 'Cobro devuelto',
  new_sale: 'Nueva venta', print: 'Imprimir comprobante', receipt: 'Comprobante', date: 'Fecha', payment_id: 'Pago de Mercado Pago', store: 'Sucursal', pos: 'Caja',
  simulate: 'Simular comprador (sandbox)', sim_pay: 'Pagar', sim_reject: 'Rechazar tarjeta', sim_pending: 'Pago pendiente', sim_abandon: 'Abandonar',
  sim_failed: 'El sandbox respondió: {reason}', offline: 'sin conexión',
};
type Words = typeof es;

const pt: Words = {
  title: 'Caixa', language: 'Idioma', pair_title: 'Vincular este caixa', pair_help: 'Digite o código de vinculação que o administrador lhe deu, ou cole a chave do dispositivo.',
  pair_label: 'Código de vinculação ou chave do dispositivo', pair_button: 'Vincular', pair_failed: 'Não foi possível vincular: {reason}',
  unpair: 'Desvincular', amount: 'Valor', description: 'Descrição (opcional)', charge: 'Cobrar', clear: 'Apagar tudo', backspace: 'Apagar o último dígito',
  creating: 'Criando a cobrança…', create_failed: 'Não foi possível criar a cobrança: {reason}', retry: 'Tentar de novo', scan: 'Escaneie o QR com o app do Mercado Pago',
  qr_alt: 'Código QR para pagar {amount}', expires_in: 'Vence em {time}', expiring: 'Vencendo…', waiting: 'Aguardando o pagamento',
  paying: 'O comprador está pagando…', rejected: 'Cartão recusado, o comprador pode tentar de novo', reconnecting: 'Reconectando…',
  review: 'Pagamento em revisão: {reason}', cancel: 'Cancelar cobrança', canceling: 'Cancelando…', buyer_paying: 'O comprador está pagando: não dá para cancelar agora',
  approved: 'Pagamento aprovado', expired: 'A cobrança venceu', canceled: 'Cobrança cancelada', failed: 'O Mercado Pago recusou a cobrança', refunded: 'Cobrança devolvida',
  new_sale: 'Nova venda', print: 'Imprimir comprovante', receipt: 'Comprovante', date: 'Data', payment_id: 'Pagamento do Mercado Pago', store: 'Loja', pos: 'Caixa',
  simulate: 'Simular comprador (sandbox)', sim_pay: 'Pagar', sim_reject: 'Recusar cartão', sim_pending: 'Pagamento pendente', sim_abandon: 'Desistir',
  sim_failed: 'O sandbox respondeu: {reason}', offline: 'sem conexão',
};

const en: Words = {
  title: 'Cashier', language: 'Language', pair_title: 'Pair this terminal', pair_help: 'Type the pairing code your administrator gave you, or paste the device key.',
  pair_label: 'Pairing code or device key', pair_button: 'Pair', pair_failed: 'Could not pair: {reason}',
  unpair: 'Unpair', amount: 'Amount', description: 'Description (optional)', charge: 'Charge', clear: 'Clear', backspace: 'Delete the last digit',
  creating: 'Creating the charge…', create_failed: 'Could not create the charge: {reason}', retry: 'Try again', scan: 'Scan the QR with the Mercado Pago app',
  qr_alt: 'QR code to pay {amount}', expires_in: 'Expires in {time}', expiring: 'Expiring…', waiting: 'Waiting for the payment',
  paying: 'The buyer is paying…', rejected: 'Card rejected, the buyer can try again', reconnecting: 'Reconnecting…',
  review: 'Payment under review: {reason}', cancel: 'Cancel charge', canceling: 'Canceling…', buyer_paying: 'The buyer is paying: it cannot be canceled now',
  approved: 'Payment approved', expired: 'The charge expired', canceled: 'Charge canceled', failed: 'Mercado Pago refused the charge', refunded: 'Charge refunded',
  new_sale: 'New sale', print: 'Print receipt', receipt: 'Receipt', date: 'Date', payment_id: 'Mercado Pago payment', store: 'Store', pos: 'POS',
  simulate: 'Simulate buyer (sandbox)', sim_pay: 'Pay', sim_reject: 'Reject card', sim_pending: 'Pay with pending', sim_abandon: 'Abandon',
  sim_failed: 'The sandbox answered: {reason}', offline: 'offline',
};

export type WordKey = keyof Words;
export const WORDS: Readonly<Record<Lang, Words>> = { es, pt, en };
