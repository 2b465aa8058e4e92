"""Run as a separate process by test_talk_crash.py: opens the real talk window and types
into it steadily, printing the text after every autosave, until it is killed."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from desktop.services.campaigns.fieldwork import TalkInput
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.talk_window import TalkWindow

SCRIPT = ("谈话人说明了此次谈话的目的。被谈话人介绍了东部新城片区征拆工作进展，已完成签约一百二十户，"
          "剩余八户正在做工作。谈到存在的问题，被谈话人认为部门之间协调还不够顺畅，审批环节较多。") * 20


def main() -> None:
    db, password = sys.argv[1], sys.argv[2]
    app = QApplication([])
    ws = Workspace.open(db, "admin", password)
    data = TalkInput(interviewers=["王组长"], interviewee_name="张三", purpose="了解一线工作情况")
    window = TalkWindow(ws, data=data)
    window.draft_did_save.connect(lambda text: print("SAVED " + json.dumps(text, ensure_ascii=False), flush=True))
    window.show()
    window.content.setFocus()
    position = iter(range(len(SCRIPT)))

    def type_next() -> None:
        i = next(position, None)
        if i is None:
            return
        event = QInputMethodEvent()
        event.setCommitString(SCRIPT[i])
        QApplication.sendEvent(window.content, event)

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(type_next)
    timer.start()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
