"""Deterministic synthetic content shaped like the real plans, for the benchmark.

`python bench/corpus.py OUT_DIR N` writes OUT_DIR/content with N plans (20–80 tasks each,
recurring and dated deadlines) and a registry of a few hundred units. Same N, same bytes.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AREAS = ["chi-dao-dieu-hanh", "the-che", "thu-tuc-hanh-chinh", "to-chuc-bo-may", "cong-vu",
         "tai-chinh-cong", "chinh-quyen-so", "khac"]
WORDS = ("cải cách hành chính nhà nước thủ tục đơn giản hóa công khai minh bạch số hóa hồ sơ kết quả giải quyết "
         "dịch vụ công trực tuyến toàn trình một cửa liên thông đánh giá chỉ số hài lòng người dân doanh nghiệp "
         "đầu tư khu công nghiệp khu kinh tế kiểm tra rà soát văn bản quy phạm pháp luật tuyên truyền nâng cao "
         "chất lượng đội ngũ cán bộ công chức viên chức chuyển đổi số chính quyền điện tử tài chính công").split()
DEADLINES = ["Quý {q}/{y}", "Cả năm {y}", "Tháng {m:02d}/{y}", "trước ngày {d:02d}/{m:02d}/{y}",
             "6 tháng đầu năm {y}", "Theo yêu cầu của Bộ Nội vụ", "Quý {q}", "Thường xuyên"]
REPORTS = ["định kỳ vào ngày {d} hằng tháng", "trước ngày {d} tháng cuối quý", "trước ngày 05/12 hằng năm",
           "trước ngày {d:02d}/{m:02d}/{y}"]
ROMAN = ["I", "II", "III", "IV"]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize()


def units_yaml(count: int) -> str:
    """A registry of `count` units: the real ones first, then synthetic sở and phòng."""
    real = (REPO / "content" / "units.yaml").read_text(encoding="utf-8").rstrip("\n")
    lines = [real]
    for i in range(count):
        lines += [f"  - id: don-vi-{i:04d}", f"    name: {_q(f'Phòng Thử nghiệm số {i} thành phố Hải Phòng')}",
                  f"    short: {_q(f'Phòng Thử nghiệm {i}')}", "    kind: external"]
    return "\n".join(lines) + "\n"


def _deadline(rng: random.Random, year: int, pool: list[str]) -> str:
    return rng.choice(pool).format(q=rng.choice(ROMAN), y=year, m=rng.randint(1, 12), d=rng.randint(1, 28))


def plan_yaml(rng: random.Random, index: int, unit_ids: list[str]) -> tuple[str, str]:
    """One plan file: (plan id, YAML text)."""
    year = 2021 + index % 5
    plan_id = f"{year}-{index + 1}-kh-bql"
    out = ["document:", "  type: ke-hoach", "  issuer: ban-quan-ly", "  parent: ubnd-thanh-pho",
           f'  number: "{index + 1}"', "  symbol: KH-BQL", "  place: Hải Phòng",
           f"  date: {year}-{rng.randint(1, 2):02d}-{rng.randint(1, 28):02d}",
           f"  title: {_q(_sentence(rng, 8, 16))}", "  signature:", "    authority: KT.",
           "    authority_of: TRƯỞNG BAN", "    position: PHÓ TRƯỞNG BAN", f"    signer: {_q('Nguyễn Văn Thử')}",
           "  recipients:", "    - unit: so-noi-vu", f"    - text: {_q('Lưu: VT.')}",
           "period:", f"  start: {year}-01-01", f"  end: {year}-12-31",
           "purposes:", *[f"  - {_q(_sentence(rng, 20, 50))}" for _ in range(3)], "sections:"]
    number = 0
    for s in range(rng.randint(3, 6)):
        out += [f'  - number: "{ROMAN[s % 4]}.{s + 1}"', f"    title: {_q(_sentence(rng, 4, 8))}",
                f"    area: {AREAS[s % len(AREAS)]}", "    tasks:"]
        for _ in range(rng.randint(5, 14)):
            number += 1
            out += [f'      - number: "{number}"', f"        content: {_q(_sentence(rng, 15, 45))}",
                    f"        lead: [{rng.choice(unit_ids)}]",
                    f"        coordinate: [{', '.join(rng.sample(unit_ids, 2))}]",
                    f"        deadline: {_q(_deadline(rng, year, DEADLINES))}",
                    f"        deliverable: {_q(_sentence(rng, 3, 8))}"]
    out.append("reports:")
    for r in range(rng.randint(1, 3)):
        out += [f"  - id: bao-cao-{r + 1}", f"    title: {_q(_sentence(rng, 5, 10))}",
                f"    from: [{rng.choice(unit_ids)}]", "    to: [so-noi-vu]",
                f"    deadline: {_q(_deadline(rng, year, REPORTS))}"]
    return plan_id, "\n".join(out) + "\n"


def write_corpus(out_dir: Path, plans: int, units: int = 300) -> Path:
    """Write `out_dir/content` with `plans` synthetic plans; returns the content dir."""
    rng = random.Random(plans)
    content = Path(out_dir) / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "plans").mkdir(parents=True)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(REPO / "content" / name, content / name)
    (content / "units.yaml").write_text(units_yaml(units), encoding="utf-8")
    unit_ids = [f"don-vi-{i:04d}" for i in range(units)] + ["van-phong-bql", "so-noi-vu", "cac-so-ban-nganh"]
    for index in range(plans):
        plan_id, text = plan_yaml(rng, index, unit_ids)
        (content / "plans" / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    return content


if __name__ == "__main__":
    print(write_corpus(Path(sys.argv[1]), int(sys.argv[2])))
