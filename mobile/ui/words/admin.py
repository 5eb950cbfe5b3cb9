"""The words of an admin's screens (enterprises, officials, import): key → (Chinese, English)."""

from __future__ import annotations

from enum import Enum

from shared.roles import Role

TEXTS: dict[str, tuple[str, str]] = {
    "tab.admin": ("企业", "Enterprises"),
    "tab.officials": ("检查监管", "Officials"),
    "tab.import": ("导入", "Import"),
    # the enterprises
    "admin.title": ("企业人员", "Enterprises"),
    "admin.search": ("搜索企业名称或编码", "Search by name or id"),
    "admin.search_button": ("搜索", "Search"),
    "admin.none": ("没有找到企业。", "No enterprise found."),
    "admin.more": ("更多", "More"),
    "admin.page": ("第 {page} 页", "Page {page}"),
    "admin.previous": ("上一页", "Previous"),
    "admin.staff_title": ("人员管理 · {name}", "People · {name}"),
    "admin.add_role": ("角色", "Role"),
    # inspectors and regulators
    "officials.title": ("检查员和监管人员", "Inspectors and regulators"),
    "officials.add": ("添加检查员或监管人员", "Add an inspector or a regulator"),
    "officials.grid_unit": ("所在网格", "Grid unit"),
    "officials.grid_search": ("搜索网格名称或编码", "Search grid units"),
    "officials.grid_chosen": ("网格：{unit}", "Grid unit: {unit}"),
    "officials.badge_no": ("执法证号", "Enforcement badge no."),
    "officials.authority": ("发证机关（如 海港区应急管理局）", "Issuing authority"),
    "officials.authority_code": ("文书简称（如 海港应急）", "Short name in notice numbers"),
    "officials.edit": ("执法证 / 密码", "Badge / password"),
    "officials.save_profile": ("保存执法证信息", "Save the badge details"),
    "officials.scope": ("网格：{unit}", "Grid unit: {unit}"),
    "officials.badge": ("执法证号：{badge} · {authority}", "Badge: {badge} · {authority}"),
    "admin.need_grid_unit": ("请先选择网格。", "Choose a grid unit first."),
    # the people sheet
    "import.title": ("批量导入人员", "Import people"),
    "import.explain": (
        "选择填好的人员表（.xlsx 或 .csv，模板可从服务器下载）。先检查，无误后再导入；"
        "有一行出错则整表不导入。",
        "Pick a filled people sheet (.xlsx or .csv; the template is on the server). Check it "
        "first, then import; one bad row and nothing is imported.",
    ),
    "import.pick": ("选择人员表", "Pick the sheet"),
    "import.picked": ("已选择：{name}", "Picked: {name}"),
    "import.check": ("检查（不导入）", "Check (import nothing)"),
    "import.run": ("导入", "Import"),
    "import.checked": (
        "检查通过：将新增 {added} 人，更新 {updated} 人，{unchanged} 人不变。",
        "Checked: {added} to add, {updated} to update, {unchanged} unchanged.",
    ),
    "import.done": (
        "已导入：新增 {added} 人，更新 {updated} 人，{unchanged} 人不变。",
        "Imported: {added} added, {updated} updated, {unchanged} unchanged.",
    ),
    "import.problem": ("第 {row} 行 · {column}：{reason}", "Row {row} · {column}: {reason}"),
    "import.problem_sheet": ("{column}：{reason}", "{column}: {reason}"),
    "admin.import_rejected": (
        "人员表有错误，一行也没有导入：",
        "The sheet has errors; nothing was imported:",
    ),
    "admin.import_too_large": (
        "文件太大（最多 10 MB）。",
        "The file is too large (10 MB at most).",
    ),
    "admin.import_unreadable": (
        "读不出这个文件：请用人员模板的 .xlsx 或 .csv。",
        "This file cannot be read: use the people template as .xlsx or .csv.",
    ),
}

LABELS: dict[Enum, tuple[str, str]] = {
    Role.WORKER: ("员工", "Worker"),
    Role.SAFETY_MANAGER: ("安全管理员", "Safety manager"),
    Role.INSPECTOR: ("检查员", "Inspector"),
    Role.REGULATOR: ("监管人员", "Regulator"),
    Role.ADMIN: ("管理员", "Administrator"),
}
