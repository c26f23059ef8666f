#!/usr/bin/python3
"""A small LMS integration for quizd, written from proto/ alone.

It does what an LMS does with quizd, each step a subcommand:

  sync-roster ROSTER.csv      create or update users from a CSV (keyed by
                              external_id, so a nightly re-run changes nothing)
  setup-course ROSTER.csv     create the course, enrol the roster, create and
                              publish an assignment (idempotent)
  take                        let every learner take the assignment through
                              the API (a learner token each)
  follow-events               append new events to --events-out as JSON lines,
                              resuming after the last one there (kill it and
                              start it again: nothing is missed or repeated)
  gradebook --csv FILE        write the course's gradebook to CSV
  demo ROSTER.csv             all of the above in order

Credentials: an API key (--api-key-file, or QUIZ_API_KEY) with the scopes
users.write, courses.write, attempts.act and results.read. TLS: --ca FILE
verifies the server; without it the channel is plaintext (quizd allows that
on a loopback address only).

Needs only Debian packages: python3-grpcio, python3-protobuf,
protobuf-compiler and protobuf-compiler-grpc (stubs are generated from
proto/ at start; see quizd_api.py).
"""

import argparse
import csv
import json
import os
import sys
import threading
import time

import grpc

import quizd_api

API = quizd_api.generate_stubs()


def pb(name):
    return API[name][0]


def stub(service, name, channel):
    return getattr(API[service][1], name + "Stub")(channel)


class Lms:
    def __init__(self, args):
        self.args = args
        self.channel = quizd_api.channel(args.server, args.ca)
        self.key = quizd_api.bearer(args.api_key)
        self.users = stub("user_service", "UserService", self.channel)
        self.courses = stub("course_service", "CourseService", self.channel)
        self.assignments = stub("assignment_service", "AssignmentService",
                                self.channel)
        self.integration = stub("integration_service", "IntegrationService",
                                self.channel)
        self.attempts = stub("attempt_service", "AttemptService",
                             self.channel)
        self.gradebook_service = stub("gradebook_service", "GradebookService",
                                      self.channel)
        self.events = stub("event_service", "EventService", self.channel)

    # --- roster ---

    def read_roster(self, path):
        """Rows of external_id, username, display_name, email, role."""
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def sync_roster(self, path):
        us = pb("user_service")
        auth = pb("auth_service")
        roles = {"student": auth.ROLE_STUDENT,
                 "instructor": auth.ROLE_INSTRUCTOR}
        request = us.BatchUpsertUsersRequest(key=us.UPSERT_KEY_EXTERNAL_ID)
        for row in self.read_roster(path):
            entry = request.users.add()
            entry.user.username = row["username"]
            entry.user.external_id = row["external_id"]
            entry.user.display_name = row.get("display_name", "")
            entry.user.email = row.get("email", "")
            entry.user.role = roles[row.get("role", "student")]
        reply = self.users.BatchUpsertUsers(request, metadata=self.key)
        print("roster: %d created, %d updated, %d unchanged, %d failed" %
              (reply.created, reply.updated, reply.unchanged, reply.failed))
        return reply

    # --- course and assignment ---

    def course_name(self):
        return "courses/" + self.args.course

    def setup_course(self, roster_path):
        cs = pb("course_service")
        course = pb("course")
        try:
            self.courses.CreateCourse(
                cs.CreateCourseRequest(course_id=self.args.course,
                                       title="CPC prep (LMS demo)",
                                       term="2027 Spring",
                                       external_id="lms-" + self.args.course),
                metadata=self.key)
            print("course: created " + self.course_name())
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
            print("course: " + self.course_name() + " exists")
        request = cs.BatchUpdateMembersRequest(course=self.course_name())
        for row in self.read_roster(roster_path):
            member = request.rows.add()
            member.user_external_id = row["external_id"]
            member.role = (course.COURSE_ROLE_INSTRUCTOR
                           if row.get("role") == "instructor" else
                           course.COURSE_ROLE_LEARNER)
            member.status = course.MEMBER_STATUS_ACTIVE
        reply = self.courses.BatchUpdateMembers(request, metadata=self.key)
        print("members: %d added, %d updated, %d unchanged" %
              (reply.created, reply.updated, reply.unchanged))
        return self.ensure_assignment()

    def find_assignment(self):
        """The course's assignment with our external id, or None."""
        asv = pb("assignment_service")
        token = ""
        while True:
            reply = self.assignments.ListAssignments(
                asv.ListAssignmentsRequest(course=self.course_name(),
                                           page_token=token),
                metadata=self.key)
            for assignment in reply.assignments:
                if assignment.external_id == self.args.assignment_id:
                    return assignment
            token = reply.next_page_token
            if not token:
                return None

    def ensure_assignment(self):
        existing = self.find_assignment()
        if existing is not None:
            print("assignment: " + existing.name + " exists")
            return existing
        asv = pb("assignment_service")
        course = pb("course")
        assignment = course.Assignment(
            course=self.course_name(), quiz=self.args.quiz,
            title="Practice set 1", max_attempts=1,
            scoring_policy=course.SCORING_POLICY_HIGHEST,
            release_policy=course.RELEASE_AFTER_EACH_ATTEMPT,
            published=True, score_maximum=20,
            external_id=self.args.assignment_id)
        created = self.assignments.CreateAssignment(
            asv.CreateAssignmentRequest(
                assignment=assignment,
                request_id="lms-create-" + self.args.assignment_id),
            metadata=self.key)
        print("assignment: created " + created.name)
        return created

    # --- learners take it ---

    def learners(self):
        cs = pb("course_service")
        course = pb("course")
        token, found = "", []
        while True:
            reply = self.courses.ListMembers(
                cs.ListMembersRequest(course=self.course_name(),
                                      role=course.COURSE_ROLE_LEARNER,
                                      page_token=token),
                metadata=self.key)
            found += [m.user for m in reply.members
                      if m.status == course.MEMBER_STATUS_ACTIVE]
            token = reply.next_page_token
            if not token:
                return found

    def take(self):
        assignment = self.find_assignment()
        if assignment is None:
            sys.exit("lms: no assignment %s; run setup-course first" %
                     self.args.assignment_id)
        integration = pb("integration_service")
        attempts = pb("attempt_service")
        for user in self.learners():
            issued = self.integration.IssueLearnerToken(
                integration.IssueLearnerTokenRequest(username=user),
                metadata=self.key)
            learner = quizd_api.bearer(issued.token)
            try:
                attempt = self.attempts.StartAttempt(
                    attempts.StartAttemptRequest(
                        quiz=assignment.quiz, assignment=assignment.name,
                        request_id="lms-start-" + user.split("/")[-1]),
                    metadata=learner)
            except grpc.RpcError as e:
                # A learner who has used their attempt is refused, saying so.
                print("%s: %s" % (user, e.details()))
                continue
            # A re-run: the request id answers with the attempt started the
            # first time (as it was then); it may be finished since.
            attempt = self.attempts.GetAttempt(
                attempts.GetAttemptRequest(name=attempt.name),
                metadata=learner)
            if attempt.state == pb("attempt").FINISHED:
                print("%s: %s already finished, %.1f%%" %
                      (user, attempt.name, attempt.result.percent))
                continue
            answered = 0
            for item in attempt.items:
                response = self.some_answer(item.item)
                if response is None:
                    continue
                self.attempts.SubmitResponse(
                    attempts.SubmitResponseRequest(
                        attempt=attempt.name, item_id=item.item.id,
                        response=response),
                    metadata=learner)
                answered += 1
            finished = self.attempts.FinishAttempt(
                attempts.FinishAttemptRequest(name=attempt.name),
                metadata=learner)
            print("%s: %s answered %d of %d, %.1f%%" %
                  (user, attempt.name, answered, len(attempt.items),
                   finished.result.percent))

    @staticmethod
    def some_answer(item):
        """A plausible learner's answer: the first option of a choice item,
        "true" for a true/false item; other types are left unanswered."""
        response = pb("attempt").Response()
        kind = item.WhichOneof("type")
        if kind == "single_choice" and item.single_choice.options:
            response.choice.option_ids.append(item.single_choice.options[0].id)
        elif kind == "multiple_choice" and item.multiple_choice.options:
            response.choice.option_ids.append(
                item.multiple_choice.options[0].id)
        elif kind == "true_false":
            response.true_false = True
        else:
            return None
        return response

    # --- events ---

    def follow_events(self):
        """Streams events after the last one in --events-out, appending each
        as a JSON line. The file is the follower's only state: the cursor to
        resume from is the last complete line's, so a follower killed at any
        moment and started again misses nothing and writes nothing twice.
        With --idle N, stops after N seconds without an event."""
        es = pb("event_service")
        course = pb("course")
        cursor = self._resume_cursor()
        stream = self.events.WatchEvents(
            es.WatchEventsRequest(after_cursor=cursor), metadata=self.key)
        state = {"last": time.monotonic()}
        idle = self.args.idle
        if idle:
            threading.Thread(
                target=self._cancel_when,
                args=(stream,
                      lambda: time.monotonic() - state["last"] > idle),
                daemon=True).start()
        seen = 0
        try:
            with open(self.args.events_out, "a") as out:
                for event in stream:
                    state["last"] = time.monotonic()
                    record = {
                        "cursor": event.cursor,
                        "type": course.EventType.Name(event.type),
                        "time": event.time.ToJsonString(),
                        "actor": event.actor, "user": event.user,
                        "course": event.course,
                        "assignment": event.assignment,
                        "attempt": event.attempt,
                    }
                    if event.type == course.ATTEMPT_FINISHED:
                        record["finish_reason"] = course.FinishReason.Name(
                            event.finish_reason)
                        record["percent"] = event.percent
                    out.write(json.dumps(record) + "\n")
                    out.flush()
                    os.fsync(out.fileno())
                    seen += 1
                    cursor = event.cursor
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.CANCELLED:
                raise
        print("events: %d new, last cursor %d" % (seen, cursor))

    def _resume_cursor(self):
        """The cursor of the last complete line of --events-out (0 when
        none); a line cut short by a kill is removed first."""
        if not os.path.exists(self.args.events_out):
            return 0
        with open(self.args.events_out, "rb+") as f:
            data = f.read()
            complete = data[:data.rfind(b"\n") + 1]
            if len(complete) != len(data):
                f.truncate(len(complete))
        lines = complete.decode("utf-8").splitlines()
        return json.loads(lines[-1])["cursor"] if lines else 0

    @staticmethod
    def _cancel_when(stream, condition):
        while not condition():
            time.sleep(0.2)
        stream.cancel()

    # --- gradebook ---

    def gradebook(self):
        gs = pb("gradebook_service")
        course = pb("course")
        token, rows = "", []
        while True:
            reply = self.gradebook_service.ListResults(
                gs.ListResultsRequest(parent=self.course_name(),
                                      page_token=token),
                metadata=self.key)
            rows += list(reply.results)
            token = reply.next_page_token
            if not token:
                break
        with open(self.args.csv, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["assignment", "user", "external_id", "score_given",
                          "score_maximum", "activity", "grading", "attempts",
                          "counted_attempt"])
            for r in rows:
                out.writerow([
                    r.assignment, r.user, r.user_external_id,
                    "%.2f" % r.score_given if r.has_score else "",
                    "%.2f" % r.score_maximum,
                    course.ActivityProgress.Name(r.activity_progress),
                    course.GradingProgress.Name(r.grading_progress),
                    r.attempts_used, r.counted_attempt])
        print("gradebook: %d rows to %s" % (len(rows), self.args.csv))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default="127.0.0.1:50051")
    parser.add_argument("--ca", help="CA certificate (PEM) for TLS")
    parser.add_argument("--api-key-file",
                        help="file holding the API key (else QUIZ_API_KEY)")
    parser.add_argument("--course", default="lms-demo")
    parser.add_argument("--quiz", default="quizzes/billing-drill")
    parser.add_argument("--assignment-id", default="lms-practice-1",
                        help="the LMS's id of the assignment (line item)")
    parser.add_argument("--events-out", default="events.jsonl")
    parser.add_argument("--idle", type=float, default=0,
                        help="follow-events stops after this many quiet "
                        "seconds (0: never)")
    parser.add_argument("--csv", default="gradebook.csv")
    parser.add_argument("command", choices=["sync-roster", "setup-course",
                                            "take", "follow-events",
                                            "gradebook", "demo"])
    parser.add_argument("roster", nargs="?")
    args = parser.parse_args()
    if args.api_key_file:
        with open(args.api_key_file) as f:
            args.api_key = f.read().strip()
    else:
        args.api_key = os.environ.get("QUIZ_API_KEY", "")
    if not args.api_key:
        sys.exit("lms: give --api-key-file or set QUIZ_API_KEY")
    lms = Lms(args)
    try:
        if args.command in ("sync-roster", "demo"):
            lms.sync_roster(args.roster)
        if args.command in ("setup-course", "demo"):
            lms.setup_course(args.roster)
        if args.command in ("take", "demo"):
            lms.take()
        if args.command in ("follow-events", "demo"):
            lms.follow_events()
        if args.command in ("gradebook", "demo"):
            lms.gradebook()
    except grpc.RpcError as e:
        sys.exit("lms: %s: %s" % (e.code().name, e.details()))


if __name__ == "__main__":
    main()
