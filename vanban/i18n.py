"""Every sentence the CLI prints for people, in Vietnamese (default) and English.

The language is ``--lang`` (a global option), else ``$VANBAN_LANG``, else Vietnamese.
JSON output never goes through here: its keys and values are the same in both languages.

>>> set_language("en"); t("store.empty")
'The store has no plans yet'
>>> set_language("vi"); t("store.empty")
'Kho chưa có kế hoạch nào'
>>> deadline_text("--11-25"), deadline_text("---25"), deadline_text("2024-11-20")
('25/11 hằng năm', 'ngày 25 hằng tháng', '20/11/2024')
>>> set_language(None)
"""
from __future__ import annotations

import argparse
import errno
import gettext
import os
from collections.abc import Iterable

LANGS = ("vi", "en")
ENV_LANG = "VANBAN_LANG"
_chosen: str | None = None

# message id -> {"vi": ..., "en": ...}; str.format fields in braces.
MESSAGES: dict[str, dict[str, str]] = {
    # ---- the `vanban` command and its global options
    "cli.description": {"vi": "Đồ thị trích dẫn cho kế hoạch của chính quyền địa phương Việt Nam.",
                        "en": "Citation knowledge graph for Vietnamese local-government plans."},
    "cli.backend": {"vi": "nơi lưu đồ thị (mặc định: $VANBAN_BACKEND hoặc networkx)",
                    "en": "storage backend (default: $VANBAN_BACKEND or networkx)"},
    "cli.home": {"vi": "thư mục kho dữ liệu (mặc định: $VANBAN_HOME hoặc ./.vanban)",
                 "en": "store folder (default: $VANBAN_HOME or ./.vanban)"},
    "cli.lang": {"vi": "ngôn ngữ hiển thị: vi (mặc định, hoặc $VANBAN_LANG) hay en",
                 "en": "display language: vi (default, or $VANBAN_LANG) or en"},
    "cli.version": {"vi": "in phiên bản rồi thoát", "en": "print the version and exit"},
    "cli.metavar": {"vi": "LỆNH", "en": "COMMAND"},
    "metavar.file": {"vi": "TỆP", "en": "FILE"},
    "metavar.path": {"vi": "ĐƯỜNG_DẪN", "en": "PATH"},
    "metavar.png": {"vi": "TỆP.png", "en": "FILE.png"},
    "metavar.ref": {"vi": "VĂN_BẢN", "en": "REF"},
    "metavar.code": {"vi": "SỐ_HIỆU", "en": "CODE"},
    "metavar.out_dir": {"vi": "THƯ_MỤC", "en": "OUT_DIR"},
    "metavar.folder": {"vi": "THƯ_MỤC", "en": "FOLDER"},
    "metavar.text": {"vi": "NỘI_DUNG", "en": "TEXT"},
    "metavar.html": {"vi": "TỆP.html", "en": "FILE.html"},
    # placeholders of options, by their dest (see Parser)
    "metavar.depth": {"vi": "SỐ_BƯỚC", "en": "DEPTH"},
    "metavar.year": {"vi": "NĂM", "en": "YEAR"},
    "metavar.place": {"vi": "ĐỊA_BÀN", "en": "PLACE"},
    "metavar.cap": {"vi": "SỐ_NÚT", "en": "CAP"},
    "metavar.title": {"vi": "TIÊU_ĐỀ", "en": "TITLE"},
    "metavar.seed": {"vi": "HẠT_GIỐNG", "en": "SEED"},
    "metavar.plans": {"vi": "SỐ_KẾ_HOẠCH", "en": "PLANS"},
    "metavar.provinces": {"vi": "SỐ_TỈNH", "en": "PROVINCES"},
    "metavar.districts": {"vi": "SỐ_HUYỆN", "en": "DISTRICTS"},
    "metavar.communes": {"vi": "SỐ_XÃ", "en": "COMMUNES"},
    "metavar.years": {"vi": "CÁC_NĂM", "en": "YEARS"},
    "metavar.corpus": {"vi": "THƯ_MỤC", "en": "CORPUS"},
    "metavar.host": {"vi": "ĐỊA_CHỈ", "en": "HOST"},
    "metavar.port": {"vi": "CỔNG", "en": "PORT"},
    "metavar.unit": {"vi": "ĐƠN_VỊ", "en": "UNIT"},
    "metavar.limit": {"vi": "SỐ_KẾT_QUẢ", "en": "LIMIT"},
    "metavar.output": {"vi": "TỆP", "en": "OUTPUT"},
    "metavar.max_bytes": {"vi": "SỐ_BYTE", "en": "MAX_BYTES"},
    "opt.json": {"vi": "in kết quả dạng JSON", "en": "print the result as JSON"},
    # ---- errors common to every command
    "err.os": {"vi": "{path}: {reason}", "en": "{path}: {reason}"},
    "err.value": {"vi": "giá trị không hợp lệ: {detail}", "en": "invalid value: {detail}"},
    "err.internal": {"vi": "lỗi ngoài dự kiến ({kind}: {detail}); đặt VANBAN_DEBUG=1 để xem chi tiết",
                     "en": "unexpected failure ({kind}: {detail}); set VANBAN_DEBUG=1 for details"},
    "err.no_parent": {"vi": "{path}: thư mục {parent} không tồn tại (vanban không tự tạo thư mục này)",
                      "en": "{path}: folder {parent} does not exist (vanban does not create it)"},
    "err.is_dir": {"vi": "{path}: là một thư mục; hãy cho tên tệp", "en": "{path}: is a folder; give a file name"},
    "err.candidates": {"vi": "các văn bản ứng với tên này:", "en": "candidates:"},
    # ---- argument checks
    "arg.at_least": {"vi": "phải ít nhất là {n}", "en": "must be at least {n}"},
    "arg.whole_number": {"vi": "cần một số nguyên; nhận được {got!r}", "en": "wants a whole number; got {got!r}"},
    "arg.between": {"vi": "phải từ {lo} đến {hi}", "en": "must be between {lo} and {hi}"},
    "arg.years_form": {"vi": "--years cần các năm cách nhau bởi dấu phẩy, ví dụ 2023,2024; nhận được {got!r}",
                       "en": "--years wants years separated by commas, e.g. 2023,2024; got {got!r}"},
    "arg.years_range": {"vi": "--years cần các năm từ {lo} đến {hi} (sau Chỉ thị 33/CT-TTg); nhận được {got!r}",
                        "en": "--years wants years from {lo} to {hi} (after 33/CT-TTg); got {got!r}"},
    "arg.years_world": {"vi": "--years cần các năm từ {lo} đến {hi} cho bộ kế hoạch {world}; nhận được {got}",
                        "en": "--years wants years from {lo} to {hi} for a {world} corpus; got {got}"},
    "arg.plans_or_sizes": {"vi": "chỉ dùng --plans hoặc --provinces/--districts/--communes, không dùng cả hai",
                           "en": "give either --plans or --provinces/--districts/--communes, not both"},
    # ---- values shown in lines
    "level.central": {"vi": "trung ương", "en": "central"},
    "level.province": {"vi": "tỉnh", "en": "province"},
    "level.district": {"vi": "huyện", "en": "district"},
    "level.commune": {"vi": "xã", "en": "commune"},
    "kind.plan": {"vi": "kế hoạch", "en": "plan"},
    "kind.directive": {"vi": "văn bản", "en": "directive"},
    "kind.issuer": {"vi": "cơ quan", "en": "issuer"},
    "kind.unit": {"vi": "đơn vị", "en": "unit"},
    "relation.implements": {"vi": "thực hiện", "en": "implements"},
    "relation.cites": {"vi": "viện dẫn", "en": "cites"},
    "severity.violation": {"vi": "vi phạm", "en": "violation"},
    "severity.warning": {"vi": "cảnh báo", "en": "warning"},
    "severity.info": {"vi": "thông tin", "en": "info"},
    "no_code": {"vi": "(không số)", "en": "(no number)"},
    "unknown": {"vi": "?", "en": "?"},
    "yearly": {"vi": "{day}/{month} hằng năm", "en": "{day} {month_name} every year"},
    "monthly": {"vi": "ngày {day} hằng tháng", "en": "day {day} of every month"},
    "no_deadline": {"vi": "không hạn", "en": "no deadline"},
    "via": {"vi": "qua {via}", "en": "via {via}"},
    # ---- store
    "store.empty": {"vi": "Kho chưa có kế hoạch nào", "en": "The store has no plans yet"},
    "store.stats": {"vi": "kho ({backend}): {plan} kế hoạch, {directive} văn bản được viện dẫn, {issuer} cơ quan, "
                          "{unit} đơn vị",
                    "en": "store ({backend}): {plan} plans, {directive} cited documents, {issuer} issuers, "
                          "{unit} units"},
    # ---- extract
    "extract.help": {"vi": "trích xuất văn bản viện dẫn, thông tin văn bản và tuyến báo cáo từ tệp kế hoạch",
                     "en": "extract citations, metadata and reporting lines from plan files"},
    "extract.files": {"vi": "tệp kế hoạch (.txt, .md, .docx, .doc, .pdf, .html, ảnh scan)",
                      "en": "plan files (.txt, .md, .docx, .doc, .pdf, .html, scanned images)"},
    "extract.json": {"vi": "in một mảng JSON (mỗi tệp một đối tượng)",
                     "en": "print one JSON array (one object per file)"},
    "extract.with_text": {"vi": "kèm văn bản đã giải mã trong JSON (các vị trí trỏ vào đó)",
                          "en": "include the decoded text in the JSON (spans point into it)"},
    "extract.max_bytes": {"vi": "giới hạn dung lượng mỗi tệp (mặc định 20 MB)",
                          "en": "size limit per file (default 20 MB)"},
    "extract.head": {"vi": "  {type} {code} | {date} | {issuer} | cấp {level}",
                     "en": "  {type} {code} | {date} | {issuer} | level {level}"},
    "extract.title": {"vi": "  trích yếu: {title}", "en": "  title: {title}"},
    "extract.signed": {"vi": "  người ký: {signer} ({position})", "en": "  signed: {signer} ({position})"},
    "extract.citations": {"vi": "  văn bản viện dẫn ({n}):", "en": "  citations ({n}):"},
    "extract.by_title": {"vi": " [nhận ra theo trích yếu]", "en": " [by title]"},
    "extract.derived": {"vi": "  suy ra: {frm} {relation} {to}", "en": "  derived: {frm} {relation} {to}"},
    "extract.units": {"vi": "  đơn vị: {units}", "en": "  units: {units}"},
    "extract.reports": {"vi": "  báo cáo: {frm} → {to}{via}{deadlines}",
                        "en": "  reports: {frm} → {to}{via}{deadlines}"},
    "extract.by": {"vi": " trước {deadlines}", "en": " by {deadlines}"},
    "extract.recipients": {"vi": "  nơi nhận: {recipients}", "en": "  recipients: {recipients}"},
    "extract.failed": {"vi": "vanban extract: {message} [{code}]", "en": "vanban extract: {message} [{code}]"},
    # ---- eval (its own texts belong to the extraction engineer: only its line in `vanban --help`)
    "eval.help": {"vi": "chấm kết quả trích xuất theo bộ đáp án", "en": "score extraction against a gold file"},
    # ---- load
    "load.help": {"vi": "nạp tệp hoặc thư mục kế hoạch vào kho", "en": "load plan files or folders into the store"},
    "load.paths": {"vi": "tệp hoặc thư mục", "en": "file or folder"},
    "load.json": {"vi": "in báo cáo nạp dạng JSON", "en": "print the load report as JSON"},
    "load.no_progress": {"vi": "không hiện thanh tiến độ", "en": "no progress bar"},
    "load.force": {"vi": "trích xuất lại cả tệp không đổi (sau khi nâng cấp vanban: kho giữ kết quả của bản cũ)",
                   "en": "extract unchanged files again (after upgrading vanban: the store keeps what the old "
                         "extractor made of them)"},
    "load.force_plan": {"vi": "nạp cả tệp văn bản không giống kế hoạch (không có tiêu đề, loại, số hiệu, viện dẫn)",
                        "en": "store text files that do not look like a plan (no header, type, number or citation)"},
    "load.prune": {"vi": "bỏ khỏi kho các tệp đã nạp từ những thư mục này mà nay không còn",
                   "en": "drop from the store the files once loaded from these folders that no longer exist"},
    "load.ocr_pages": {"vi": "OCR trang {done}/{total}", "en": "OCR page {done}/{total}"},
    "load.progress": {"vi": "Đang nạp", "en": "Loading"},
    "load.unit": {"vi": " tệp", "en": " file"},
    "load.summary": {"vi": "thêm {added}, cập nhật {updated}, không đổi {unchanged}, bỏ đi {removed}, lỗi {failed}, "
                           "bỏ qua {skipped}",
                     "en": "added {added}, updated {updated}, unchanged {unchanged}, removed {removed}, "
                           "failed {failed}, skipped {skipped}"},
    "load.failed": {"vi": "vanban: không nạp được {message}", "en": "vanban: not loaded: {message}"},
    "load.skipped": {"vi": "vanban: bỏ qua {file}: {reason}", "en": "vanban: skipped {file}: {reason}"},
    "load.vanished": {"vi": "vanban: {n} tệp đã nạp trong thư mục này nay không còn (vd. {example}); "
                            "thêm --prune để bỏ chúng khỏi kho",
                      "en": "vanban: {n} loaded files under these folders no longer exist (e.g. {example}); "
                            "add --prune to drop them from the store"},
    "load.swept": {"vi": "vanban: đã dọn {temp_files} tệp tạm của lần ghi bị ngắt và {texts} văn bản không còn dùng",
                   "en": "vanban: swept {temp_files} temporary files of an interrupted write and {texts} unused texts"},
    "skip.hidden": {"vi": "tệp ẩn", "en": "hidden file"},
    "skip.hidden_folder": {"vi": "thư mục ẩn (không đọc các tệp trong đó)",
                           "en": "hidden folder (its files are not read)"},
    "skip.unsupported_type": {"vi": "loại tệp không hỗ trợ ({ext})", "en": "unsupported file type ({ext})"},
    "skip.not_a_plan": {"vi": "không phải kế hoạch (không có tiêu đề, loại, số hiệu hay văn bản viện dẫn; "
                              "--force-plan để vẫn nạp)",
                        "en": "not a plan (no header, type, number or citation; --force-plan to load it anyway)"},
    # ---- remove
    "remove.help": {"vi": "bỏ một kế hoạch khỏi kho (cùng mọi thứ chỉ nó đóng góp)",
                    "en": "take a plan out of the store (with everything only it contributed)"},
    "remove.refs": {"vi": "đường dẫn hoặc tên tệp, id nút, hoặc số hiệu",
                    "en": "file path or basename, node id, or code"},
    "remove.done": {"vi": "đã bỏ {n} tệp khỏi kho:", "en": "removed {n} file(s) from the store:"},
    # ---- trace
    "trace.help": {"vi": "lần theo kế hoạch lên tới văn bản Trung ương",
                   "en": "trace plans up to their central directive"},
    "trace.refs": {"vi": "đường dẫn hoặc tên tệp, id nút, hoặc số hiệu",
                   "en": "file path or basename, node id, or code"},
    "trace.all": {"vi": "lần theo mọi kế hoạch đã nạp", "en": "trace every loaded plan"},
    "trace.need_ref": {"vi": "vanban trace: hãy cho ít nhất một văn bản, hoặc --all",
                       "en": "vanban trace: give at least one REF, or --all"},
    "trace.implements": {"vi": "└─ thực hiện ", "en": "└─ implements "},
    "trace.central": {"vi": "  Trung ương: {codes}", "en": "  Central: {codes}"},
    "gap.not_loaded": {"vi": "  ! {label} của {issuer} được viện dẫn nhưng chưa được nạp",
                       "en": "  ! {label} of {issuer} is referenced but not loaded"},
    "gap.ambiguous": {"vi": "  ! {label} của {issuer} chưa rõ là văn bản nào: có thể là {candidates}",
                      "en": "  ! {label} of {issuer} is ambiguous: it may be {candidates}"},
    "gap.no_basis": {"vi": "  ! {label} không nêu văn bản mà nó thực hiện",
                     "en": "  ! {label} names no document it implements"},
    "gap.cycle": {"vi": "  ! {label} nằm trong một vòng thực hiện lẫn nhau",
                  "en": "  ! {label} is in a cycle of plans implementing each other"},
    "gap.other": {"vi": "  ! chuỗi dừng tại {label}", "en": "  ! the chain stops at {label}"},
    "unknown_issuer": {"vi": "cơ quan chưa rõ", "en": "an unknown issuer"},
    # ---- check
    "check.help": {"vi": "tìm kế hoạch vi phạm quy tắc viện dẫn", "en": "find plans that break citation rules"},
    "check.rules": {"vi": "bộ quy tắc YAML (mặc định: bộ quy tắc dân vận kèm theo)",
                    "en": "YAML rule pack (default: the shipped dân vận pack)"},
    "check.missing": {"vi": "    thiếu: {codes}", "en": "    missing: {codes}"},
    "check.summary": {"vi": "{n} phát hiện theo {rules} quy tắc", "en": "{n} finding(s) from {rules} rule(s)"},
    "check.reform": {"vi": "[sắp xếp 2025] {doc} ({date}) {relation} {body}: đã chấm dứt từ {ended}; "
                           "kế thừa: {successors}",
                     "en": "[2025 reform] {doc} ({date}) {relation} {body}: ended on {ended}; "
                           "successors: {successors}"},
    "check.reform.implements": {"vi": "thực hiện kế hoạch của", "en": "implements a plan of"},
    "check.reform.reports_to": {"vi": "báo cáo về", "en": "reports to"},
    "check.reform.assigns": {"vi": "giao nhiệm vụ cho", "en": "assigns tasks to"},
    "check.reform.no_successor": {"vi": "không có (cấp huyện đã bỏ)", "en": "none (the district level was abolished)"},
    # ---- implementers
    "implementers.help": {"vi": "các kế hoạch thực hiện một văn bản, theo cấp và địa bàn",
                          "en": "plans implementing a directive or plan, by level and place"},
    "implementers.ref": {"vi": "số hiệu, id nút hoặc tệp đã nạp", "en": "code, node id or loaded file"},
    "implementers.total": {"vi": "{n} kế hoạch thực hiện văn bản này", "en": "{n} plan(s) implement it"},
    "implementers.indirect": {"vi": "(qua {depth} bậc) ", "en": "({depth} steps away) "},
    "implementers.uncovered": {"vi": "  chưa có kế hoạch dưới {body}: {names}",
                               "en": "  no plan yet under {body}: {names}"},
    "implementers.province": {"vi": "tỉnh/thành phố (tên hoặc mã đơn vị): liệt kê mọi đơn vị của nó vào ngày --as-of",
                              "en": "province (name or unit id): list every unit of it on the --as-of date"},
    "implementers.as_of": {"vi": "ngày YYYY-MM-DD để đối chiếu danh mục đơn vị hành chính",
                           "en": "date YYYY-MM-DD the map of units is taken on"},
    "implementers.fold_old": {"vi": "tính cả kế hoạch của các đơn vị trước sắp xếp cho đơn vị kế thừa",
                              "en": "credit a unit with the plans of the units it was formed from"},
    "implementers.units": {"vi": "{province} ngày {as_of}: {units} đơn vị, {covered} có kế hoạch, "
                                 "{none} chưa có, {ambiguous} chưa xác định",
                           "en": "{province} on {as_of}: {units} unit(s), {covered} with a plan, "
                                 "{none} without, {ambiguous} ambiguous"},
    "implementers.unit_row": {"vi": "    {status}: {name} ({id})", "en": "    {status}: {name} ({id})"},
    "implementers.status.covered": {"vi": "có kế hoạch", "en": "covered"},
    "implementers.status.none": {"vi": "chưa có", "en": "none"},
    "implementers.status.ambiguous": {"vi": "chưa xác định", "en": "ambiguous"},
    "implementers.status.folded": {"vi": "có (qua đơn vị cũ)", "en": "covered via predecessors"},
    "implementers.status.partial": {"vi": "có một phần (qua đơn vị cũ bị chia)",
                                    "en": "partly, via a split predecessor"},
    # ---- search
    "search.help": {"vi": "tìm gần đúng theo số hiệu, trích yếu, cơ quan và đơn vị (bỏ qua dấu và hoa thường)",
                    "en": "fuzzy search over codes, titles, issuers and units (accents and case ignored)"},
    "search.text": {"vi": "nội dung cần tìm", "en": "text to look for"},
    "search.limit": {"vi": "số kết quả tối đa (mặc định 20)", "en": "at most this many results (default 20)"},
    "search.none": {"vi": "Không tìm thấy kết quả nào", "en": "Nothing matches"},
    # a body's unit, told apart from a namesake: "[tỉnh Bến Tre, đến 30/6/2025]"
    "search.until": {"vi": "đến {date}", "en": "until {date}"},
    "search.since": {"vi": "từ {date}", "en": "since {date}"},
    # a chain element whose body ended on 30 June 2025, and the units that took it over
    "trace.succeeded": {"vi": "(đơn vị {name} đến {date}; nay là: {successors})",
                        "en": "({name} existed until {date}; now: {successors})"},
    "trace.partial": {"vi": "{name} (một phần)", "en": "{name} (in part)"},
    "trace.ended_district": {"vi": "(đơn vị {name} đến {date}; cấp huyện đã kết thúc hoạt động)",
                             "en": "({name} existed until {date}; the district level was abolished)"},
    # ---- deadlines
    "deadlines.help": {"vi": "ai báo cáo cho ai, hạn nào; chỉ ra hạn cấp dưới muộn hơn cấp trên",
                       "en": "who reports to whom, by when; late cascades flagged"},
    "deadlines.unit": {"vi": "chỉ các tuyến có đơn vị này (bỏ qua dấu và hoa thường)",
                       "en": "only lines naming this unit (accents and case ignored)"},
    "deadlines.none": {"vi": "Chưa có tuyến báo cáo nào", "en": "No reporting lines"},
    "deadlines.cascade": {"vi": "! {plan} đặt hạn báo cáo cuối {lower}, muộn hơn {upper} là hạn {parent} cần số liệu",
                          "en": "! {plan} sets its last report for {lower}, after {upper}, when {parent} needs "
                                "the figures"},
    # ---- export
    "export.help": {"vi": "xuất đồ thị (GEXF mở được bằng Gephi)", "en": "export the graph (GEXF opens in Gephi)"},
    "export.format": {"vi": "định dạng", "en": "format"},
    "export.output": {"vi": "tệp (thư mục với neo4j-admin); mặc định: đầu ra chuẩn",
                      "en": "file (folder for neo4j-admin); default: standard output"},
    "export.need_output": {"vi": "vanban export: --format neo4j-admin cần -o THƯ_MỤC",
                           "en": "vanban export: --format neo4j-admin needs -o FOLDER"},
    "export.wrote": {"vi": "đã ghi {path}", "en": "wrote {path}"},
    # ---- serve
    "serve.help": {"vi": "chạy API truy vấn (FastAPI + uvicorn; tài liệu tại /docs)",
                   "en": "run the query API (FastAPI + uvicorn; docs at /docs)"},
    "serve.description": {"vi": "Phục vụ API truy vấn trên kho đã cấu hình (--backend/--home, hoặc "
                                "$VANBAN_BACKEND/$VANBAN_HOME). Tải lên cần VANBAN_API_TOKEN; đọc thì mở "
                                "trừ khi VANBAN_API_READ_TOKEN_REQUIRED=1.",
                          "en": "Serve the query API over the configured store (--backend/--home, or "
                                "$VANBAN_BACKEND/$VANBAN_HOME). Uploads need VANBAN_API_TOKEN; reads are open "
                                "unless VANBAN_API_READ_TOKEN_REQUIRED=1."},
    "serve.host": {"vi": "địa chỉ lắng nghe (mặc định 127.0.0.1)", "en": "address to listen on (default 127.0.0.1)"},
    "serve.port": {"vi": "cổng (mặc định 8000; 0 để tự chọn cổng trống)",
                   "en": "port (default 8000; 0 picks a free one)"},
    "serve.log_level": {"vi": "mức nhật ký JSON các yêu cầu trên stderr (mặc định info; warning để tắt)",
                        "en": "level of the JSON request log on stderr (default info; warning silences it)"},
    "serve.listening": {"vi": "vanban: đang phục vụ tại http://{host}:{port}  (tài liệu API: http://{host}:{port}/docs)",
                        "en": "vanban: serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)"},
    "serve.no_token": {"vi": "vanban serve: chưa đặt VANBAN_API_TOKEN: mọi tải lên bị từ chối (vẫn đọc được)",
                       "en": "vanban serve: VANBAN_API_TOKEN is not set: uploads are refused (reads work)"},
    "serve.open_reads": {"vi": "vanban serve: đang nghe trên {host}, không chỉ máy này, và đọc không cần token: ai tới "
                               "được cổng này đều đọc được mọi kế hoạch. Hãy đặt VANBAN_API_TOKEN và "
                               "VANBAN_API_READ_TOKEN_REQUIRED=1, hoặc dùng --host 127.0.0.1.",
                         "en": "vanban serve: listening on {host}, not only on this machine, and reads need no token: "
                               "anyone who reaches this port can read every loaded plan. Set VANBAN_API_TOKEN and "
                               "VANBAN_API_READ_TOKEN_REQUIRED=1, or serve on --host 127.0.0.1."},
    "serve.bad_settings": {"vi": "vanban serve: cấu hình sai: {detail}", "en": "vanban serve: {detail}"},
    # ---- viz
    "viz.help": {"vi": "ghi trình xem đồ thị tương tác thành một tệp HTML dùng ngoại tuyến",
                 "en": "write the interactive graph viewer as one offline HTML file"},
    "viz.description": {"vi": "Ghi mạng viện dẫn thành một trang HTML tự chứa (không cần mạng): mỗi cấp một hàng, "
                              "đánh dấu vi phạm quy tắc, bấm vào nút để xem chi tiết và chuỗi thực hiện. "
                              "Bấm đúp để mở rộng cần trang được phục vụ (vanban serve, rồi /viz).",
                        "en": "Write the citation network as one self-contained HTML page (no network access needed): "
                              "levels as rows, rule violations marked, click a node for details and its trace. "
                              "Double-click expansion needs the served page (vanban serve, then /viz)."},
    "viz.output": {"vi": "nơi ghi trang ('-' để in ra đầu ra chuẩn)", "en": "where to write the page ('-' for stdout)"},
    "viz.png": {"vi": "ghi thêm (hoặc chỉ ghi) cùng khung nhìn thành ảnh PNG, vẽ bằng Chromium không giao diện "
                      "(cho báo cáo)",
                "en": "also (or only) write the same view as a PNG image, drawn by headless Chromium (for reports)"},
    "viz.no_output": {"vi": "vanban viz: hãy cho -o TỆP.html, --png TỆP.png, hoặc cả hai",
                      "en": "vanban viz: give -o FILE.html, --png FILE.png, or both"},
    "viz.focus": {"vi": "đặt một văn bản ở giữa: id nút, tên tệp hoặc số hiệu (mặc định: toàn cảnh)",
                  "en": "centre on a document: node id, file name or code (default: overview)"},
    "viz.depth": {"vi": "số bước quanh --focus (mặc định 2)", "en": "hops around --focus (default 2)"},
    "viz.year": {"vi": "chỉ văn bản của năm này", "en": "only documents of this year"},
    "viz.place": {"vi": "chỉ nút của địa bàn này (bỏ qua dấu và hoa thường)",
                  "en": "only nodes of this place (accents and case ignored)"},
    "viz.level": {"vi": "chỉ nút của cấp này", "en": "only nodes of this level"},
    "viz.kind": {"vi": "chỉ các loại nút này (lặp lại được; mặc định tất cả)",
                 "en": "only these node kinds (repeatable; default all)"},
    "viz.cap": {"vi": "tối đa bấy nhiêu nút (mặc định 300)", "en": "at most this many nodes (default 300)"},
    "viz.title": {"vi": "tiêu đề trang", "en": "page title"},
    "viz.quiet": {"vi": "không in gì khi thành công", "en": "print nothing on success"},
    "viz.wrote": {"vi": "đã ghi {path}: {nodes} nút{more}, {edges} cạnh, đánh dấu {violations} vi phạm quy tắc",
                  "en": "wrote {path}: {nodes} nodes{more}, {edges} edges, {violations} rule violations marked"},
    "viz.more": {"vi": " trong số {total} (tăng --cap để xem thêm)", "en": " of {total} (raise --cap to see more)"},
    "viz.traces_left_out": {"vi": "lưu ý: {n} kế hoạch chưa có chuỗi thực hiện tính sẵn trong tệp này (giới hạn thời "
                                  "gian); dùng --focus, --cap nhỏ hơn, hoặc trang được phục vụ (/viz)",
                            "en": "note: {n} plans have no precomputed trace in this file (time budget); "
                                  "use --focus, a smaller --cap, or the served page (/viz)"},
    # ---- demo
    "demo.help": {"vi": "sinh một tỉnh giả lập, nạp vào kho, phục vụ API và trình xem",
                  "en": "generate a synthetic province, load it, serve API + viewer"},
    "demo.plans": {"vi": "khoảng bấy nhiêu kế hoạch (mặc định 300)",
                   "en": "about how many plans to generate (default 300)"},
    "demo.seed": {"vi": "hạt giống ngẫu nhiên (mặc định 1)", "en": "random seed (default 1)"},
    "demo.corpus": {"vi": "thư mục chứa kế hoạch sinh ra (mặc định: demo-corpus/ trong thư mục kho, để chạy lại "
                          "thì nạp lại đúng các kế hoạch đó)",
                    "en": "folder for the generated plans (default: demo-corpus/ in the store folder, "
                          "so running the demo again reloads the same plans)"},
    "demo.no_serve": {"vi": "sinh và nạp xong thì thoát", "en": "generate and load, then exit"},
    "demo.step1": {"vi": "1/3 đang sinh khoảng {n} kế hoạch giả lập trong {path} …",
                   "en": "1/3 generating about {n} synthetic plans in {path} …"},
    "demo.step2": {"vi": "2/3 đang nạp vào {home} ({backend}) …", "en": "2/3 loading them into {home} ({backend}) …"},
    "demo.example": {"vi": "    ví dụ: vanban trace {ref} → {chain}", "en": "    e.g. vanban trace {ref} → {chain}"},
    "demo.step3": {"vi": "3/3 đang phục vụ: API {url}/docs   trình xem {url}/viz   (Ctrl+C để dừng)",
                   "en": "3/3 serving: API {url}/docs   viewer {url}/viz   (Ctrl+C to stop)"},
    # ---- generate
    "generate.help": {"vi": "ghi một bộ kế hoạch giả lập kèm đáp án (truth.json)",
                      "en": "write a synthetic corpus of plans with ground truth (truth.json)"},
    "generate.description": {"vi": "Ghi các kế hoạch dân vận giả lập (tỉnh -> huyện -> xã) vào OUT_DIR, mỗi tỉnh và "
                                   "huyện một thư mục, cùng OUT_DIR/truth.json.",
                             "en": "Write synthetic dân vận plans (province -> district -> commune) under OUT_DIR, "
                                   "one folder per province and district, plus OUT_DIR/truth.json."},
    "generate.seed": {"vi": "hạt giống ngẫu nhiên (cùng hạt giống, cùng nội dung); mặc định 0",
                      "en": "random seed (same seed, same bytes); default 0"},
    "generate.plans": {"vi": "khoảng bấy nhiêu kế hoạch (thay cho --provinces/--districts/--communes)",
                       "en": "about this many plans (instead of --provinces/--districts/--communes)"},
    "generate.provinces": {"vi": "số tỉnh (mặc định 1)", "en": "provinces (default 1)"},
    "generate.districts": {"vi": "số huyện mỗi tỉnh (mặc định 10)", "en": "districts per province (default 10)"},
    "generate.communes": {"vi": "số xã mỗi huyện (mặc định 12)", "en": "communes per district (default 12)"},
    "generate.years": {"vi": "các năm cách nhau bởi dấu phẩy: 2022-2025 cho ba cấp (mặc định 2023,2024), "
                             "2025-2026 cho hai cấp (mặc định 2025,2026), 2022-2026 cho hỗn hợp (mặc định 2024,2025)",
                       "en": "comma-separated years: 2022-2025 for three-level (default 2023,2024), 2025-2026 for "
                             "two-level (default 2025,2026), 2022-2026 for mixed (default 2024,2025)"},
    "generate.world": {"vi": "three-level: tỉnh -> huyện -> xã giả lập (mặc định); two-level: đơn vị thật sau "
                             "1/7/2025 (tỉnh -> xã); mixed: cả hai, trong cùng các tỉnh thật",
                       "en": "three-level: invented province -> district -> commune (default); two-level: real "
                             "units after 1 July 2025 (province -> commune); mixed: both, in the same real provinces"},
    "generate.no_noise": {"vi": "văn bản sạch, không có kế hoạch mồ côi hay bỏ sót",
                          "en": "clean text, no orphans/omissions"},
    "generate.quiet": {"vi": "không in gì khi thành công", "en": "print nothing on success"},
    "generate.done": {"vi": "{plans} kế hoạch ({province} cấp tỉnh, {district} cấp huyện, {commune} cấp xã; "
                            "{orphans} mồ côi, {missing} kế hoạch cấp trên bị bỏ ra, {other_subject} khác chủ đề) "
                            "trong {seconds:.1f} giây -> {path}",
                      "en": "{plans} plans ({province} province, {district} district, {commune} commune; "
                            "{orphans} orphans, {missing} parents left out, {other_subject} off-series) "
                            "in {seconds:.1f}s -> {path}"},
}

# argparse's own sentences (Python 3.9-3.13), for --help and usage errors in Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số vị trí",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "in trợ giúp này rồi thoát",
    "show program's version number and exit": "in phiên bản của chương trình rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn trong %(choices)s)",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ignored explicit argument %r": "bỏ qua giá trị %r",
    "not allowed with argument %s": "không dùng được cùng tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn mơ hồ: %(option)s có thể là %(matches)s",
    "unexpected option string: %s": "chuỗi tùy chọn không mong đợi: %s",
    "%r is not callable": "%r không gọi được",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r",
    "'required' is an invalid argument for positionals": "'required' không dùng cho tham số vị trí",
}
_ARGPARSE_VI_N = {"expected %s argument": "cần %s giá trị", "expected %s arguments": "cần %s giá trị"}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Formatter(argparse.HelpFormatter):
    """Placeholders of options (``--year YEAR``) in the current language."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        key = f"metavar.{action.dest}"
        return t(key) if key in MESSAGES else action.dest.upper()


class Parser(argparse.ArgumentParser):
    """The `vanban` parser (its subcommands' parsers are of the same class): help in the
    current language, placeholders included."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _normalise(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.strip().lower()
    return "en" if lang.startswith("en") else "vi" if lang.startswith("vi") else None


def language() -> str:
    """The language in use: the one set, else $VANBAN_LANG, else Vietnamese."""
    return _chosen or _normalise(os.environ.get(ENV_LANG)) or "vi"


def set_language(lang: str | None) -> None:
    """Use `lang` ("vi" | "en"; None: back to $VANBAN_LANG), argparse's own sentences included."""
    global _chosen
    _chosen = _normalise(lang)
    vi = language() == "vi"
    # argparse looks `_` and `ngettext` up in its module globals at each call.
    argparse._ = (lambda s: _ARGPARSE_VI.get(s, s)) if vi else gettext.gettext  # type: ignore[attr-defined]
    argparse.ngettext = ((lambda s, p, n: _ARGPARSE_VI_N.get(s if n == 1 else p, s if n == 1 else p))  # type: ignore
                         if vi else gettext.ngettext)


def whole_number(s: str) -> int:
    """`s` as an int, for argparse types: a clear message (not "invalid _nonneg value") when it is not one."""
    try:
        return int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(t("arg.whole_number", got=s)) from None


def language_in(argv: Iterable[str]) -> str | None:
    """The value of a global ``--lang X`` / ``--lang=X`` in `argv`, read before the parser
    is built (its --help texts depend on it)."""
    argv = list(argv)
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def t(msg_id: str, **fields) -> str:
    """The message `msg_id` in the current language, with `fields` filled in."""
    text = MESSAGES[msg_id][language()]
    return text.format(**fields) if fields else text


def level_name(level: str | None) -> str:
    return t(f"level.{level}") if level and f"level.{level}" in MESSAGES else (level or t("unknown"))


def kind_name(kind: str | None) -> str:
    return t(f"kind.{kind}") if kind and f"kind.{kind}" in MESSAGES else (kind or t("unknown"))


def relation_name(relation: str) -> str:
    return t(f"relation.{relation}") if f"relation.{relation}" in MESSAGES else relation


def severity_name(severity: str) -> str:
    return t(f"severity.{severity}") if f"severity.{severity}" in MESSAGES else severity


def date_text(iso: str | None) -> str:
    """An ISO date ("2024-11-20", "2024-11", "2024") as people write it: 20/11/2024 in
    Vietnamese, 20 Nov 2024 in English; a yearly date ("--11-25") as :func:`deadline_text`."""
    if not iso:
        return t("unknown")
    if iso.startswith("--"):
        return deadline_text(iso)
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return iso
    if language() == "vi":
        return "/".join(str(int(p)) if i else p for i, p in reversed(list(enumerate(parts))))
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS_EN[int(parts[1]) - 1] if 1 <= int(parts[1]) <= 12 else parts[1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def deadline_text(d: str) -> str:
    """A reporting deadline: "--11-25" (every year) reads "25/11 hằng năm", "---25" (every month) "ngày 25
    hằng tháng"; a dated one as :func:`date_text`."""
    if d.startswith("---"):
        return t("monthly", day=int(d[3:])) if d[3:].isdigit() else d
    if d.startswith("--") and len(d) == 7 and d[2:4].isdigit() and d[5:7].isdigit():
        month, day = int(d[2:4]), int(d[5:7])
        name = _MONTHS_EN[month - 1] if 1 <= month <= 12 else str(month)
        return t("yearly", day=day, month=month, month_name=name)
    return date_text(d)


def os_error_text(exc: OSError) -> str:
    """One line for an OSError, naming the file, in the current language."""
    path = exc.filename if exc.filename is not None else "vanban"
    reasons = {errno.ENOENT: ("không có tệp hoặc thư mục này", "no such file or folder"),
               errno.EISDIR: ("là một thư mục", "is a folder"),
               errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", "part of the path is not a folder"),
               errno.EACCES: ("không có quyền", "permission denied"),
               errno.EPERM: ("không được phép", "operation not permitted"),
               errno.ENOSPC: ("hết chỗ trên đĩa", "no space left on the disk"),
               errno.EROFS: ("hệ thống tệp chỉ đọc", "read-only file system"),
               errno.EEXIST: ("đã có", "already exists"),
               errno.ENAMETOOLONG: ("tên quá dài", "name too long")}
    vi, en = reasons.get(exc.errno, (exc.strerror or str(exc),) * 2)
    return t("err.os", path=path, reason=vi if language() == "vi" else en)
