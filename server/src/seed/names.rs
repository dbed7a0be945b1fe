//! The words the demo data is made of: the district's streets, towns,
//! communities and villages, its institutions and resident units, and the
//! pieces of Chinese personal names.

use rand::Rng;
use rand::seq::SliceRandom;

use crate::area::model::UnitKind;
use crate::party::model::PartyOrgKind;
use crate::people::model::Gender;

pub const DISTRICT: &str = "八公山区";
pub const DISTRICT_CODE: &str = "340405";

/// A street (街道) or town (镇) and the communities (社区) and villages (村) under it.
pub struct StreetSpec {
    pub name: &'static str,
    pub town: bool,
    pub communities: &'static [&'static str],
}

/// The district's three streets and two towns: 30 urban communities under
/// the streets, 2 communities and 10 villages under the towns (42 in all).
pub const STREETS: &[StreetSpec] = &[
    StreetSpec {
        name: "新庄孜街道",
        town: false,
        communities: &[
            "团结社区",
            "新庄社区",
            "光明社区",
            "中兴社区",
            "和平社区",
            "矿建社区",
            "新华社区",
            "东风社区",
            "平安社区",
            "幸福社区",
        ],
    },
    StreetSpec {
        name: "土坝孜街道",
        town: false,
        communities: &[
            "土坝孜社区",
            "工农社区",
            "胜利社区",
            "友谊社区",
            "建设社区",
            "向阳社区",
            "南山社区",
            "北山社区",
            "红旗社区",
            "新村社区",
        ],
    },
    StreetSpec {
        name: "毕家岗街道",
        town: false,
        communities: &[
            "毕家岗社区",
            "东山社区",
            "西山社区",
            "长安社区",
            "民主社区",
            "文化社区",
            "公园社区",
            "泉山社区",
            "朝阳社区",
            "永安社区",
        ],
    },
    StreetSpec {
        name: "八公山镇",
        town: true,
        communities: &["八公山社区", "妙山村", "红星村", "李咀孜村", "王圩村", "汪庄村"],
    },
    StreetSpec {
        name: "山王镇",
        town: true,
        communities: &["山王社区", "山王村", "丁山村", "门庄村", "黄巷村", "新园村"],
    },
];

/// A community's name without its 社区 or 村, for the names of its units.
pub fn stem(name: &str) -> &str {
    name.strip_suffix("社区").or_else(|| name.strip_suffix('村')).unwrap_or(name)
}

/// A government agency or public institution whose party organization is
/// paired with villages and communities (机关事业单位党组织联系村、社区).
pub struct Institution {
    pub unit: &'static str,
    pub unit_kind: UnitKind,
    pub org: &'static str,
    pub org_kind: PartyOrgKind,
    /// Relative size of its membership.
    pub weight: u32,
}

const fn agency(unit: &'static str, org: &'static str, weight: u32) -> Institution {
    Institution { unit, unit_kind: UnitKind::GovernmentAgency, org, org_kind: PartyOrgKind::Branch, weight }
}

const fn institution(
    unit: &'static str,
    org: &'static str,
    org_kind: PartyOrgKind,
    weight: u32,
) -> Institution {
    Institution { unit, unit_kind: UnitKind::PublicInstitution, org, org_kind, weight }
}

/// The 21 paired organizations of the article.
pub const INSTITUTIONS: [Institution; 21] = [
    agency("中共八公山区委组织部", "区委组织部机关党支部", 3),
    agency("中共八公山区委办公室", "区委办公室机关党支部", 3),
    agency("中共八公山区委宣传部", "区委宣传部机关党支部", 2),
    agency("中共八公山区委政法委员会", "区委政法委机关党支部", 2),
    agency("八公山区人民政府办公室", "区政府办公室机关党支部", 3),
    agency("八公山区发展和改革委员会", "区发改委机关党支部", 2),
    agency("八公山区财政局", "区财政局机关党支部", 3),
    agency("八公山区民政局", "区民政局机关党支部", 3),
    agency("八公山区人力资源和社会保障局", "区人社局机关党支部", 3),
    agency("八公山区住房和城乡建设局", "区住建局机关党支部", 3),
    agency("八公山区卫生健康委员会", "区卫健委机关党支部", 2),
    agency("八公山区教育体育局", "区教体局机关党支部", 3),
    agency("八公山区市场监督管理局", "区市场监管局机关党支部", 3),
    agency("八公山区城市管理行政执法局", "区城管局机关党支部", 4),
    agency("八公山区应急管理局", "区应急管理局机关党支部", 2),
    agency("八公山区司法局", "区司法局机关党支部", 2),
    agency("八公山区退役军人事务局", "区退役军人事务局机关党支部", 2),
    institution("八公山区人民医院", "区人民医院党总支", PartyOrgKind::GeneralBranch, 9),
    institution("八公山区中医院", "区中医院党支部", PartyOrgKind::Branch, 5),
    institution("八公山区疾病预防控制中心", "区疾控中心党支部", PartyOrgKind::Branch, 3),
    institution("八公山区实验学校", "区实验学校党总支", PartyOrgKind::GeneralBranch, 6),
];

/// Social organizations incubated by 三社联动 (the article counts 7).
pub const SOCIAL_ORGANIZATIONS: [&str; 7] = [
    "八公山区夕阳红艺术团",
    "八公山区邻里帮帮调解服务社",
    "八公山区阳光助老服务中心",
    "八公山区书香悦读会",
    "八公山区四点半课堂青少年服务社",
    "八公山区红枫叶志愿者协会",
    "八公山区巾帼家政服务社",
];

/// Enterprises resident in a community; `{}` is the community's stem.
pub const ENTERPRISES: [&str; 8] = [
    "淮南{}商贸有限公司",
    "淮南市{}建筑安装工程有限公司",
    "八公山区{}农贸市场管理有限公司",
    "淮南{}机械制造有限公司",
    "淮南{}运输有限公司",
    "淮南{}餐饮管理有限公司",
    "淮南{}矿业服务有限公司",
    "淮南{}超市有限公司",
];

/// Housing estates (小区) of a community, whose owners elect a committee.
pub const ESTATES: [&str; 5] = ["{}花园", "{}新村", "{}小区", "{}家园", "{}佳苑"];

pub fn fill(template: &str, stem: &str) -> String {
    template.replace("{}", stem)
}

/// 一, 二, … 十九 for names such as 第三网格党支部.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => {
            let ones = if n.is_multiple_of(10) { String::new() } else { DIGITS[n % 10].to_owned() };
            format!("{}十{}", DIGITS[(n / 10) % 10], ones)
        }
    }
}

/// Surnames with their approximate share (per ten thousand) of the population.
const SURNAMES: &[(&str, u32)] = &[
    ("王", 710),
    ("李", 700),
    ("张", 670),
    ("刘", 540),
    ("陈", 450),
    ("杨", 310),
    ("黄", 220),
    ("赵", 200),
    ("吴", 200),
    ("周", 190),
    ("徐", 170),
    ("孙", 160),
    ("马", 150),
    ("朱", 140),
    ("胡", 130),
    ("郭", 120),
    ("何", 120),
    ("高", 120),
    ("林", 110),
    ("罗", 90),
    ("郑", 80),
    ("梁", 80),
    ("谢", 80),
    ("宋", 70),
    ("唐", 70),
    ("许", 70),
    ("韩", 60),
    ("冯", 60),
    ("邓", 60),
    ("曹", 60),
    ("彭", 50),
    ("曾", 50),
    ("肖", 50),
    ("田", 50),
    ("董", 50),
    ("袁", 40),
    ("潘", 40),
    ("于", 40),
    ("蒋", 40),
    ("蔡", 40),
    ("余", 40),
    ("杜", 40),
    ("叶", 40),
    ("程", 40),
    ("苏", 30),
    ("魏", 30),
    ("吕", 30),
    ("丁", 30),
    ("任", 30),
    ("沈", 30),
    ("姚", 30),
    ("卢", 30),
    ("姜", 30),
    ("崔", 30),
    ("钟", 20),
    ("谭", 20),
    ("陆", 20),
    ("汪", 25),
    ("范", 20),
    ("金", 20),
    ("石", 20),
    ("贾", 20),
    ("夏", 20),
    ("付", 20),
    ("方", 25),
    ("白", 20),
    ("邹", 20),
    ("孟", 20),
    ("熊", 20),
    ("秦", 20),
    ("江", 20),
    ("尹", 15),
    ("薛", 15),
    ("闫", 15),
    ("段", 15),
    ("雷", 15),
    ("侯", 15),
    ("史", 15),
    ("陶", 15),
    ("贺", 15),
    ("顾", 10),
    ("毛", 10),
    ("郝", 10),
    ("邵", 10),
    ("钱", 10),
    ("武", 15),
    ("戴", 10),
    ("孔", 10),
    ("汤", 10),
    ("葛", 10),
    ("鲍", 10),
    ("储", 8),
    ("桂", 5),
];

/// Characters of given names by the decade a person was born in: names
/// follow fashions (建国 and 秀英 in the fifties, 子涵 and 欣怡 after 2000).
struct NameChars {
    until_year: i32,
    male: &'static [char],
    female: &'static [char],
    single: f64,
}

const NAME_CHARS: &[NameChars] = &[
    NameChars {
        until_year: 1959,
        male: &[
            '建', '国', '华', '明', '德', '文', '志', '福', '永', '长', '学', '振', '生', '荣', '兴', '庆',
            '祥', '玉', '保', '宝', '海', '山', '林', '春', '树', '忠', '贵', '发', '金', '成', '广', '洪',
            '家', '全', '新', '军', '云', '占', '友', '章',
        ],
        female: &[
            '秀', '英', '兰', '桂', '玉', '芳', '凤', '珍', '淑', '素', '梅', '花', '翠', '琴', '云', '荣',
            '美', '华', '霞', '菊', '莲', '芝', '香', '金', '爱', '巧', '月', '彩',
        ],
        single: 0.08,
    },
    NameChars {
        until_year: 1979,
        male: &[
            '卫', '红', '军', '伟', '勇', '强', '平', '东', '立', '国', '明', '斌', '刚', '建', '忠', '华',
            '新', '林', '峰', '波', '涛', '辉', '杰', '文', '俊', '海', '志', '宏', '坚', '庆', '兵', '民',
        ],
        female: &[
            '丽', '红', '艳', '霞', '敏', '燕', '萍', '静', '玲', '娟', '芳', '英', '华', '梅', '莉', '琳',
            '慧', '洁', '云', '秀', '春', '凤', '丹', '玉', '蓉', '琼',
        ],
        single: 0.3,
    },
    NameChars {
        until_year: 1999,
        male: &[
            '伟', '磊', '涛', '鹏', '浩', '杰', '勇', '军', '超', '波', '强', '斌', '辉', '亮', '俊', '峰',
            '飞', '明', '健', '宇', '龙', '刚', '阳', '博', '晨', '凯', '帅', '成', '翔', '鑫',
        ],
        female: &[
            '婷', '静', '丽', '娜', '敏', '燕', '艳', '芳', '颖', '倩', '雪', '琳', '佳', '蕾', '丹', '晶',
            '莹', '璐', '洁', '慧', '文', '欣', '悦', '月', '瑶', '娟',
        ],
        single: 0.25,
    },
    NameChars {
        until_year: i32::MAX,
        male: &[
            '子', '浩', '宇', '轩', '睿', '博', '泽', '俊', '然', '文', '辰', '一', '铭', '昊', '航', '烨',
            '杰', '涵', '熙', '阳', '哲', '逸', '楷', '嘉', '皓', '锦', '宸', '鑫',
        ],
        female: &[
            '子', '涵', '欣', '怡', '梓', '诗', '雨', '萱', '佳', '可', '馨', '琪', '思', '语', '晨', '彤',
            '玥', '婉', '依', '若', '悦', '晴', '一', '沐', '梦', '瑶', '妍',
        ],
        single: 0.08,
    },
];

/// A surname drawn by frequency and a given name of one or two characters
/// in the fashion of the birth year.
pub fn person_name(rng: &mut impl Rng, gender: Gender, birth_year: i32) -> String {
    let total: u32 = SURNAMES.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total);
    let mut surname = SURNAMES[0].0;
    for &(s, w) in SURNAMES {
        if pick < w {
            surname = s;
            break;
        }
        pick -= w;
    }
    let era =
        NAME_CHARS.iter().find(|e| birth_year <= e.until_year).unwrap_or(&NAME_CHARS[NAME_CHARS.len() - 1]);
    let pool = match gender {
        Gender::Male => era.male,
        Gender::Female => era.female,
    };
    let mut name = String::from(surname);
    if rng.gen_bool(era.single) {
        name.push(*pool.choose(rng).expect("a non-empty pool"));
    } else {
        let picked: Vec<&char> = pool.choose_multiple(rng, 2).collect();
        name.extend(picked);
    }
    name
}

/// Prefixes of mainland mobile numbers (China Mobile, Unicom, Telecom).
pub const MOBILE_PREFIXES: [&str; 28] = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
];

/// Region codes of Huainan: most residents were registered in 八公山区
/// itself, the rest elsewhere in the city (大通区, 田家庵区, 谢家集区, 潘集区,
/// 凤台县, 寿县).
pub const OTHER_HUAINAN_REGIONS: [&str; 6] = ["340402", "340403", "340404", "340406", "340421", "340422"];

/// Notes of special-group entries, by group.
pub const NOTES_ELDERLY_ALONE: [&str; 3] = ["子女在外地工作", "丧偶独居", "无子女"];
pub const NOTES_EMPTY_NEST: [&str; 2] = ["子女在外地工作", "老两口同住"];
pub const NOTES_DISABLED: [&str; 4] = ["肢体残疾", "视力残疾", "听力残疾", "智力残疾"];
pub const NOTES_SICK: [&str; 4] = ["慢性病", "尘肺病（原煤矿职工）", "癌症术后康复", "尿毒症透析"];
pub const NOTES_NEEDY: [&str; 3] = ["城市低保户", "特困供养人员", "失业困难家庭"];
pub const NOTES_LEFT_BEHIND: [&str; 2] = ["父母在外务工", "由祖父母照看"];

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn numbers_read_as_chinese() {
        assert_eq!(chinese_number(3), "三");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(14), "十四");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(23), "二十三");
    }

    #[test]
    fn names_have_a_surname_and_one_or_two_given_characters() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for year in [1940, 1970, 1990, 2010] {
            for _ in 0..200 {
                let name = person_name(&mut rng, Gender::Female, year);
                assert!((2..=3).contains(&name.chars().count()), "{name}");
            }
        }
        assert_eq!(STREETS.iter().map(|s| s.communities.len()).sum::<usize>(), 42);
        assert_eq!(stem("团结社区"), "团结");
        assert_eq!(stem("妙山村"), "妙山");
    }
}
