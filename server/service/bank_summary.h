// The summary of a stored bank version that listings return.
#ifndef QUIZD_SERVER_SERVICE_BANK_SUMMARY_H_
#define QUIZD_SERVER_SERVICE_BANK_SUMMARY_H_

#include "quiz/v1/bank_service.pb.h"
#include "server/store/store.h"

namespace service {

quiz::v1::BankSummary SummarizeBank(const store::BankVersionRecord& record);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_BANK_SUMMARY_H_
