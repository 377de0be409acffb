/** Tag colours of licence statuses (有效 green, 暂扣 gold, 签章失效 orange, ended ones grey, 撤销/吊销 red). */
export const LICENCE_STATUS_COLOURS: Readonly<Record<string, string>> = {
  valid: 'green',
  suspended: 'gold',
  invalidated: 'orange',
  revoked: 'red',
  withdrawn: 'red',
  cancelled: 'default',
  expired: 'default',
  superseded: 'default',
};
