"""`quicktakes eval`: how well the assistant answers from the library, in numbers.

    quicktakes eval [--sample N] [--seed S] [--leave-one-out] --out DIR   # stored answers
    quicktakes eval --questions Q.jsonl --qrels Q.tsv --out DIR            # judged questions
    quicktakes eval --feedback [FILE] --out DIR                           # thumbs-down cases
    quicktakes eval compare RUN_A RUN_B [--json]                          # two runs side by side

The logic lives in ``evaluation/`` (runner, report, compare, feedback_set); this
module only parses arguments and prints. Exit status: 0 done, 1 a figure is below the
``--thresholds`` file, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from config import Settings

EXIT_OK, EXIT_BELOW_THRESHOLD, EXIT_USAGE = 0, 1, 2


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval", help="evaluate answers against the stored answers (or compare two runs)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Evaluate the assistant on the indexed library and write a run folder "
            "(results.jsonl, summary.json, report.md, report.html).\n\n"
            "  quicktakes eval [--sample N] [--seed S] [--leave-one-out] --out DIR\n"
            "      ask a seeded sample of the library's own questions, compare each answer\n"
            "      with the article's stored answer; --leave-one-out hides the source article\n"
            "  quicktakes eval --questions FILE --qrels FILE --out DIR\n"
            "      judged questions (avg score, MAP@10, MRR@10, P@1, judged@10)\n"
            "  quicktakes eval --feedback [FILE] --out DIR\n"
            "      ask the chat's thumbs-down questions again (default: the data folder's\n"
            "      feedback.jsonl) and report old and new answers\n"
            "  quicktakes eval compare RUN_A RUN_B\n"
            "      each figure in both runs and the difference; * marks a change beyond the\n"
            "      noise (|diff| > 2 standard errors, paired per question when possible)\n\n"
            "Exit status: 0 done, 1 a figure is outside --thresholds, 2 usage error."),
    )
    p.add_argument("action", nargs="?", metavar="compare",
                   help="'compare' followed by two run folders; omit to run an evaluation")
    p.add_argument("runs", nargs="*", metavar="RUN", help="the two run folders to compare")
    p.add_argument("--out", metavar="DIR", help="folder the run is written to (required to run)")
    p.add_argument("--sample", type=int, default=100, metavar="N",
                   help="articles asked (default 100; more than the library: all of it)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="sample seed (default 1)")
    p.add_argument("--leave-one-out", action="store_true",
                   help="hide each question's own article from retrieval")
    p.add_argument("--questions", metavar="FILE", help="judged questions (JSON lines)")
    p.add_argument("--qrels", metavar="FILE", help="their judgments (qid TAB grade TAB article id)")
    p.add_argument("--feedback", nargs="?", const="", metavar="FILE",
                   help="thumbs-down lines of the chat's feedback file (default: "
                        "<data_dir>/feedback.jsonl)")
    p.add_argument("--no-judge", action="store_true",
                   help="no language-model grade even when a language model is configured")
    p.add_argument("--thresholds", nargs="?", const="", metavar="FILE",
                   help="check the summary against a thresholds file (default "
                        "config/eval_thresholds.yaml); exit 1 when a figure is outside")
    p.add_argument("--worst", type=int, default=10, metavar="N",
                   help="worst answers shown in the report (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_eval)


def _usage(message: str) -> int:
    print(f"quicktakes eval: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.action is not None and args.action != "compare":
        return _usage(f"unknown action {args.action!r}: use `quicktakes eval compare RUN_A RUN_B` "
                      "or `quicktakes eval [options] --out DIR`")
    if args.action == "compare":
        return cmd_compare(args)
    if args.runs:
        return _usage(f"unexpected arguments {' '.join(args.runs)!r}")
    problem = _check_run_args(args)
    if problem:
        return _usage(problem)
    return cmd_run(args, settings)


def _check_run_args(args: argparse.Namespace) -> str | None:
    if not args.out:
        return "--out DIR is required (the folder the run is written to)"
    if Path(args.out).exists() and not Path(args.out).is_dir():
        return f"--out {args.out}: exists and is not a folder"
    if bool(args.questions) != bool(args.qrels):
        return "--questions and --qrels go together"
    if args.questions and args.feedback is not None:
        return "choose one of --questions/--qrels and --feedback"
    if args.leave_one_out and (args.questions or args.feedback is not None):
        return "--leave-one-out applies to the stored-answer evaluation only"
    if args.sample < 1:
        return "--sample must be at least 1"
    if args.worst < 0:
        return "--worst must be 0 or more"
    return None


def cmd_compare(args: argparse.Namespace) -> int:
    from evaluation.compare import RunError, compare_runs, format_table

    if len(args.runs) != 2:
        return _usage("compare needs exactly two run folders: quicktakes eval compare RUN_A RUN_B")
    try:
        rows = compare_runs(*args.runs)
    except RunError as exc:
        return _usage(str(exc))
    if args.json:
        print(json.dumps({"a": args.runs[0], "b": args.runs[1],
                          "rows": [r.as_dict() for r in rows]}, ensure_ascii=False, indent=2))
    else:
        print(format_table(rows, *args.runs))
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from evaluation import judge as judging, runner, thresholds as limits
    from evaluation.report import write_run

    thresholds = None
    if args.thresholds is not None:
        try:
            thresholds = limits.load_thresholds(args.thresholds or None)
        except (OSError, ValueError) as exc:
            return _usage(f"--thresholds: {exc}")

    if args.questions:
        from evaluation.judged import load_qrels, load_questions

        try:
            questions, qrels = load_questions(args.questions), load_qrels(args.qrels)
        except OSError as exc:
            return _usage(f"{exc.filename}: {exc.strerror}")
        except ValueError as exc:
            return _usage(str(exc))
    elif args.feedback is not None:
        from evaluation.feedback_set import load_feedback

        feedback_file = Path(args.feedback) if args.feedback else settings.feedback_file
        try:
            entries, skipped = load_feedback(feedback_file)
        except OSError as exc:
            return _usage(f"--feedback {feedback_file}: {exc.strerror}")
        for problem in skipped:
            print(f"quicktakes eval: {feedback_file}: skipped {problem}", file=sys.stderr)
        if not entries:
            return _usage(f"{feedback_file}: no thumbs-down entries")

    from assistant.factory import build_assistant

    assistant = build_assistant(settings)
    if len(assistant.library) == 0:
        return _usage("the index is empty: run `quicktakes ingest PATH` first")
    if args.questions:
        evaluation = runner.evaluate_judged(
            assistant, questions, qrels,
            source={"questions_file": str(args.questions), "qrels_file": str(args.qrels)})
    elif args.feedback is not None:
        from evaluation.feedback_set import evaluate_feedback

        evaluation = evaluate_feedback(assistant, entries, source={"feedback_file": str(feedback_file)})
    else:
        judge = None if args.no_judge else judging.default_judge(assistant)
        evaluation = runner.evaluate_stored(assistant, sample=args.sample, seed=args.seed,
                                            leave_one_out=args.leave_one_out, judge=judge)
    folder = write_run(args.out, evaluation, worst=args.worst)

    failures = limits.check_thresholds(evaluation.summary, thresholds) if thresholds is not None else []
    if args.json:
        print(json.dumps({"out": str(folder), "metrics": evaluation.summary["metrics"],
                          "n": evaluation.summary["n"], "threshold_failures": failures},
                         ensure_ascii=False, indent=2))
    else:
        print(_summary_text(evaluation.summary, folder))
    for failure in failures:
        print(f"quicktakes eval: below threshold: {failure}", file=sys.stderr)
    return EXIT_BELOW_THRESHOLD if failures else EXIT_OK


def _summary_text(summary: dict, folder: Path) -> str:
    lines = [f"{summary['mode']}: {summary['questions']} questions "
             f"({summary['run'].get('answerer')}, {summary['run'].get('library_articles')} articles)"]
    for key, value in summary["metrics"].items():
        if value is None:
            shown = "–"
        elif key == "latency_ms":
            shown = f"{value:.1f}"
        else:
            shown = f"{value:.4f}"
        lines.append(f"  {key:<20} {shown:>10}   (n={summary['n'][key]})")
    lines.append(f"wrote {folder}/results.jsonl, summary.json, report.md, report.html")
    return "\n".join(lines)
