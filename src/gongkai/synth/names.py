"""Agency names as real reports print them: place × department, and some place names that look like words.

Place names such as 无极县, 未央区 or 不夜城 start with characters the narrative rules read as negations;
they are in the list on purpose (a rule that reads 无极县 as "无…" must fail the generated corpus).
"""

from __future__ import annotations

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACES = _words(
    "东城区 朝阳区 海淀区 和平区 河西区 正定县 无极县 未央区 小店区 铁西区 南关区 道里区 黄浦区 徐汇区 玄武区 鼓楼区 "
    "上城区 西湖区 瑶海区 仓山区 东湖区 历下区 市中区 张店区 淄川区 金水区 江岸区 芙蓉区 越秀区 兴宁区 秀英区 渝中区 "
    "锦江区 南明区 五华区 城关区 新城区 七里河区 城东区 兴庆区 天山区 沭阳县 洪泽区 平潭综合实验区 石林彝族自治县 "
    "大通回族土族自治县 浦东新区 长安区 非常县 不夜城区"
)
CITIES = _words("济南市 青岛市 淄博市 宿迁市 淮安市 福州市 南京市 杭州市 成都市 西安市")
DEPARTMENTS = _words(
    "人民政府 人民政府办公室 发展和改革局 教育局 科学技术局 公安局 民政局 司法局 财政局 人力资源和社会保障局 "
    "自然资源和规划局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康委员会 退役军人事务局 "
    "应急管理局 审计局 市场监督管理局 统计局 医疗保障局 城市管理局 行政审批服务局 信访局 "
    "住房公积金管理中心 综合行政执法局 大数据中心 政务服务管理办公室 生态环境分局 某某街道办事处 某某镇人民政府"
)


def agency_name(rng: random.Random) -> str:
    place = rng.choice(PLACES)
    dept = rng.choice(DEPARTMENTS)
    if dept.startswith("某某"):
        dept = rng.choice(("城关", "新华", "东风", "解放", "无量", "未来")) + dept[2:]
    prefix = rng.choice(CITIES) if rng.random() < 0.3 else ""
    return prefix + place + dept
