// One line per event of the log (quiz.v1.Event), for `quiz events`.
#ifndef QUIZD_CLIENT_EVENT_RENDER_H_
#define QUIZD_CLIENT_EVENT_RENDER_H_

#include <string>

#include "absl/time/time.h"
#include "quiz/v1/course.pb.h"

namespace client {

// "CURSOR MM-DD HH:MM:SS KIND DETAILS" in `zone`, at most `width` columns
// (the details are cut with "…"), made Printable; no line break. The cursor
// comes first so that a script can resume after the last line it read
// (quiz events --after CURSOR).
std::string RenderEventLine(const quiz::v1::Event& event, absl::TimeZone zone,
                            int width = 80);

}  // namespace client

#endif  // QUIZD_CLIENT_EVENT_RENDER_H_
