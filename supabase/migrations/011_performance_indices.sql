CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_checkins_user_date ON check_ins(user_id, checkin_date DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_predictions_user_type ON predictions(user_id, prediction_type);
