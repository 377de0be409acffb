/**
 * 热门搜索: the keywords the home page offers (GET /api/catalog/hot-searches), in display order. Each finds at
 * least one item of the demo catalog, directly or through a synonym (test: catalog-hot-searches.e2e-spec.ts).
 */
export const HOT_SEARCHES: readonly string[] = [
  '营业执照',
  '食品经营许可',
  '社保',
  '结婚登记',
  '身份证',
  '公共场所卫生许可',
  '建设工程规划许可',
];
