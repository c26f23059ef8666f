#include <iostream>
#include <sstream>
#include "client/take.h"
#include "client/commands.h"
#include "client/item_render.h"
#include "client/tables.h"
#include "gtest/gtest.h"
#include "tests/client/fake_quiz_api_util.h"
namespace client {
TEST(Scratch, Show) {
  testing::FakeQuizApi api(quiz::v1::QUIZ_MODE_PRACTICE);
  std::istringstream in("a\nl\nac\nf\n");
  TakeIo io; io.in = &in; io.out = &std::cout; io.now = testing::TestNow;
  io.new_request_id = [] { return std::string("r"); };
  TakeOptions o; o.quiz = "drill";
  auto r = TakeQuiz(api, o, io);
  std::cout << "-----REVIEW\n";
  auto a = testing::FinishedSampleAttempt();
  for (auto& i : a.items()) std::cout << "------\n" << RenderReviewItem(i, 5);
}
}
