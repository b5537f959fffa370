"""Official documents (văn bản) in the format of Nghị định 30/2020/NĐ-CP, written as DOCX
from Word templates: the yearly plan (:mod:`ntm.documents.plan`) and the review report
(:mod:`ntm.documents.report`).

A document's text is Vietnamese whatever the interface language: it is an administrative
document of a Vietnamese commune (NĐ 30/2020, Điều 8: văn bản hành chính viết bằng tiếng
Việt). Messages and warnings about a document follow the interface language.
"""
