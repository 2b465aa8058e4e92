"""Run by the system Python (which has LibreOffice's `uno` module), not by the test suite's:
does what a clerk does in LibreOffice, on the office instance tests/office.py started.

Usage: python3 office_uno.py PIPE_NAME < jobs.json, where jobs is a list of
  {"op": "calc", "out": "x.xlsx", "src": "template.xlsx" or null, "sheet": "名称" or null,
   "type": [["A1", "2008.10"], ...]}   -- type into cells as at the keyboard, save as xlsx
  {"op": "convert", "src": "x.docx", "out": "x.pdf"}   -- open and export as PDF
Typing goes through the dispatcher (.uno:EnterString), as the keyboard does, so a cell's
number format decides what the text becomes (2008.10 → the number 2008.1 in a General
cell, the text "2008.10" in a Text one); the API's setFormula would ignore the format.
"""

import contextlib
import json
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(path)


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def calc(ctx, desktop, job):
    source = url(job["src"]) if job.get("src") else "private:factory/scalc"
    doc = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True),))
    try:
        controller = doc.getCurrentController()
        if job.get("sheet"):
            controller.setActiveSheet(doc.Sheets.getByName(job["sheet"]))
        frame = controller.getFrame()
        dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for address, text in job["type"]:
            dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", address),))
            dispatch.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        doc.storeToURL(url(job["out"]), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    finally:
        doc.close(True)


def convert(desktop, job):
    doc = desktop.loadComponentFromURL(url(job["src"]), "_blank", 0, (prop("Hidden", True),))
    try:
        doc.storeToURL(url(job["out"]), (prop("FilterName", "writer_pdf_Export"),))
    finally:
        doc.close(True)


def main():
    ctx = connect(sys.argv[1])
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    for job in json.load(sys.stdin):
        if job["op"] == "calc":
            calc(ctx, desktop, job)
        elif job["op"] == "convert":
            convert(desktop, job)
        elif job["op"] == "quit":
            # The bridge goes away with the office: that is the point.
            with contextlib.suppress(Exception):
                desktop.terminate()
        else:
            raise ValueError(job["op"])
        # One line per finished job: the caller resumes after the last one if anything dies.
        print("done", flush=True)


main()
# pyuno can crash while the interpreter tears the bridge down, after every job is done
# (a silent SIGSEGV, seen on a loaded CI machine): leave without the teardown.
sys.stdout.flush()
os._exit(0)
