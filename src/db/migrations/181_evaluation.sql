-- 181_evaluation: the evaluation of a communication plan and the feedback
-- to the department that asked for it (REQUIREMENTS C2 workflow 5,
-- AC-C2-5).
--
-- eval_days after the plan's last item went out (every plan item has a
-- published text, model/evaluation.c), the coordinator gets an
-- evaluation task; the evaluation records an actual figure beside each
-- goal's target, a summary and lessons, and is sent to the requester,
-- who acknowledges it.
ALTER TABLE pub_settings ADD COLUMN eval_days INTEGER NOT NULL DEFAULT 7 CHECK (eval_days BETWEEN 0 AND 90);

CREATE TABLE pub_evaluations (
  id {{ID}},
  institution_id BIGINT NOT NULL REFERENCES institutions(id),
  plan_id BIGINT NOT NULL UNIQUE REFERENCES pub_plans(id),
  last_out_at BIGINT NOT NULL,
  task_id BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sent', 'acknowledged')),
  summary TEXT NOT NULL DEFAULT '',
  lessons TEXT NOT NULL DEFAULT '',
  sent_by BIGINT REFERENCES users(id),
  sent_at BIGINT NOT NULL DEFAULT 0,
  acknowledged_by BIGINT REFERENCES users(id),
  acknowledged_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX pub_evaluations_inst ON pub_evaluations(institution_id, status);

CREATE TABLE pub_evaluation_results (
  evaluation_id BIGINT NOT NULL REFERENCES pub_evaluations(id),
  goal_id BIGINT NOT NULL REFERENCES pub_plan_goals(id),
  actual BIGINT NOT NULL CHECK (actual >= 0),
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, goal_id)
);
