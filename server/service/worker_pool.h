// A fixed set of threads running queued tasks, for work that would block a
// gRPC callback thread (argon2id password checks).
#ifndef QUIZD_SERVER_SERVICE_WORKER_POOL_H_
#define QUIZD_SERVER_SERVICE_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace service {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Runs every task already queued, then joins the threads.
  ~WorkerPool();

  // Queues `task`; it runs on one of the pool's threads.
  void Run(std::function<void()> task);

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_WORKER_POOL_H_
