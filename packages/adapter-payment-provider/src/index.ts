export { HttpPaymentGateway, type HttpPaymentGatewaySettings } from './http-payment-gateway.js';
export { SimulatedPaymentGateway, DECLINED_CENTS, type SimulatedGatewaySettings } from './simulated-payment-gateway.js';
