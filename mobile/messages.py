"""What the phone tells a worker when something is refused, in Chinese and English.

Keyed by the stable error codes (``shared/errors.py`` and the phone's own ``scan.*`` and
``photo.*``), so a screen shows the right sentence whatever layer refused. Each message says
what happened and what to do next, in words a worker on a kitchen floor understands.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MESSAGES", "Message", "message_for"]


@dataclass(frozen=True)
class Message:
    """One sentence in the two languages of the app."""

    zh: str
    en: str

    def text(self, language: str) -> str:
        """The sentence for a language tag (``zh-CN``, ``en``…); Chinese unless English."""
        return self.en if language.lower().startswith("en") else self.zh


MESSAGES: dict[str, Message] = {
    "scan.no_code": Message(
        "没有识别到二维码。请靠近一些、对准卡片重拍，或手动输入卡片下方的编码。",
        "No QR code found. Move closer and aim at the card, or type the code printed under it.",
    ),
    "scan.no_decoder": Message(
        "这台手机暂时不能识别二维码，请手动输入卡片下方的编码。",
        "This phone cannot read QR codes yet: type the code printed under the card.",
    ),
    "scan.not_image": Message(
        "这个文件不是照片，请拍照或选择一张图片。",
        "This file is not a picture. Take a photo or choose an image.",
    ),
    "qr.malformed": Message(
        "这不是本系统的岗位卡二维码，请扫描岗位安全检查卡上的二维码。",
        "This is not one of our card codes. Scan the QR code on the post's safety check card.",
    ),
    "qr.unknown_version": Message(
        "这张卡片需要新版本的应用才能识别，请先更新应用。",
        "This card needs a newer version of the app. Please update the app.",
    ),
    "qr.foreign_tenant": Message(
        "这张卡片属于其他企业，不能在这里使用。请扫描本单位的岗位卡。",
        "This card belongs to another enterprise. Scan a card of your own workplace.",
    ),
    "qr.tampered": Message(
        "这张卡片的二维码被改动过或是伪造的，不能使用。请告诉安全管理员。",
        "This card's code has been altered or forged and cannot be used. Tell your safety manager.",
    ),
    "scan.not_your_post": Message(
        "这个岗位不在你的岗位列表中。请扫描你自己岗位的检查卡，或联系安全管理员。",
        "This post is not one of yours. Scan the card of your own post or ask your safety manager.",
    ),
    "scan.enterprise_card": Message(
        "这是企业卡，不是岗位卡。请扫描岗位上的安全检查卡二维码。",
        "This is an enterprise card, not a post card. Scan the QR code on the post's check card.",
    ),
    "scan.retired_card": Message(
        "这张岗位卡已经停用（卡片已重新打印）。请扫描岗位上的新卡片。",
        "This post card has been replaced by a reprinted one. Scan the new card at the post.",
    ),
    "scan.no_card": Message(
        "这个岗位还没有检查卡。请联系安全管理员。",
        "This post has no check card yet. Ask your safety manager.",
    ),
    "scan.no_reference": Message(
        "手机上还没有岗位资料。请联网同步一次后再扫码。",
        "The phone has no post data yet. Connect once to sync, then scan again.",
    ),
    "scan.bad_manual_code": Message(
        "手工码是 8 位字母和数字，例如 K7QM-2XPA，请核对后重新输入。",
        "A manual code is 8 letters and digits, like K7QM-2XPA. Check it and type it again.",
    ),
    "scan.unknown_manual_code": Message(
        "没有找到这个手工码对应的岗位。请核对卡片下方的编码后重新输入。",
        "No post of yours has this manual code. Check the code printed under the card.",
    ),
    "scan.all_done": Message(
        "这个岗位当前的检查都已完成，不需要再检查。",
        "Every check of this post is done for now; nothing is left to tick.",
    ),
    "photo.not_image": Message(
        "这个文件不是照片（只支持 JPG、PNG、WebP），请重新拍照。",
        "This file is not a photo (JPG, PNG or WebP only). Please take the photo again.",
    ),
    "photo.too_large": Message(
        "照片太大，无法处理。请用手机相机的普通模式重新拍照。",
        "The photo is too large to process. Take it again in the camera's normal mode.",
    ),
    "ui.failed": Message(
        "这一步没有成功，已记录下来。请再试一次；已保存的记录不受影响。",
        "That step did not work and was logged. Please try again; saved records are safe.",
    ),
    "auth.unauthenticated": Message(
        "用户名或密码不对，请重新输入。",
        "Wrong user name or password. Please try again.",
    ),
    "sync.offline": Message(
        "连不上服务器。第一次登录需要联网，请检查网络或服务器地址。",
        "The server cannot be reached. The first sign-in needs a connection: check the network.",
    ),
}
"""Every worker-facing refusal by code."""

FALLBACK = Message("操作没有成功，请重试。", "That did not work. Please try again.")


def message_for(code: str) -> Message:
    """The message for an error code; a general one for codes without their own."""
    return MESSAGES.get(code, FALLBACK)
