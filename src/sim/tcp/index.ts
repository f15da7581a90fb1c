export { TcpStack, type TcpLower, type TcpStackOptions } from './stack.ts';
export { TcpConnection, type CloseReason } from './connection.ts';
export { DEFAULT_TCP_CONFIG, type TcpConfig, type TcpProfile } from './config.ts';
export { TcpStats } from './stats.ts';
export type { TcpStateName } from '../metrics/results.ts';
